const printableAscii = /^[\u0020-\u007E]*$/v;

/** True when every character of `text` is printable ASCII: one column each. */
export function isPrintableAscii(text: string): boolean {
	return printableAscii.test(text);
}

/**
Columns `text` takes in a terminal: its length when it is printable ASCII, as
most IDs, names and tags are, without the cost of a full Unicode measure;
otherwise what `measure` (string-width) says.
*/
export function columnsOf(
	text: string,
	measure: (text: string) => number,
): number {
	return isPrintableAscii(text) ? text.length : measure(text);
}
