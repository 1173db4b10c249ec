/** Markdown helpers of the generated documents. */

/** Escapes text for one cell of a Markdown table (pipes escaped, line breaks as spaces). */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
