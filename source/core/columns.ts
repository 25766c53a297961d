const printableAscii = /^[\u0020-\u007E]*$/v;

/** True when every character of `text` is printable ASCII: one column each. */
export function isPrintableAscii(text: string): boolean {
	return printableAscii.test(text);
}
