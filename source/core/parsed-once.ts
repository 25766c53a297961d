/**
`parse`, remembering what it made of each text: a policy document is parsed once
however many steps read it. The memory holds at most `size` texts (it starts
over when full). What `parse` makes must not be changed by its users.
*/
export function parsedOnce<T>(
	parse: (text: string) => T,
	size = 64,
): (text: string) => T {
	const made = new Map<string, T>();
	return (text) => {
		let value = made.get(text);
		if (value === undefined) {
			value = parse(text);
			if (made.size >= size) made.clear();
			made.set(text, value);
		}

		return value;
	};
}
