// Fitting a message into a channel's size limit without cutting a line in half, and saying that it was cut.

/** At most `bytes` of UTF-8, cut at a line and saying so. */
export function truncate(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  const note = '\n… (cut to fit; run reconcile drift for the whole report)';
  let cut = text.slice(0, bytes - Buffer.byteLength(note));
  while (Buffer.byteLength(cut) > bytes - Buffer.byteLength(note)) cut = cut.slice(0, -1);
  return cut.slice(0, Math.max(0, cut.lastIndexOf('\n'))) + note;
}
