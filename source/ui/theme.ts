import {createContext, useContext} from 'react';

/** Colours, or none (NO_COLOR, --no-color): meaning never rests on colour alone. */
export type Theme = {
	accent?: string;
	dim: boolean;
	error?: string;
	inherited?: string;
	system?: string;
	marked?: string;
	/** Instance statuses: Running, Stopped, and the two on the way (Starting, Stopping). */
	running?: string;
	stopped?: string;
	changing?: string;
	/** The unallocated part of a bill (its glyph and word say it too). */
	unallocated?: string;
};

export const colourTheme: Theme = {
	accent: 'cyan',
	dim: true,
	error: 'red',
	inherited: 'cyan',
	system: 'magenta',
	marked: 'green',
	running: 'green',
	stopped: 'yellow',
	changing: 'blue',
	unallocated: 'yellow',
};

export const plainTheme: Theme = {dim: false};

export const themeContext = createContext<Theme>(colourTheme);

export function useTheme(): Theme {
	return useContext(themeContext);
}

/** Glyphs that carry the meaning colours only repeat. */
export const glyphs = {
	mark: '●',
	inherited: '↳',
	system: '¤',
	cursor: '›',
	unallocated: '∅',
};

/** A piece of a line in one colour (none: the line's own). */
export type Segment = {text: string; color?: string};

// An inherited tag chip (↳key=value, up to the next space), or a status word
// standing alone in its column.
const toned = /↳\S*|(?<=\s)(?:Running|Stopped|Starting|Stopping)(?=\s|$)/gv;

function toneOf(word: string, theme: Theme): string | undefined {
	if (word.startsWith(glyphs.inherited)) return theme.inherited;
	if (word === 'Running') return theme.running;
	if (word === 'Stopped') return theme.stopped;
	return theme.changing;
}

/**
A table row cut into pieces to colour: inherited tags and instance statuses
get the theme's colours; the glyph (↳) and the words stay, so nothing rests
on colour. Without colours the row is one piece.
*/
export function paint(text: string, theme: Theme): Segment[] {
	if (!theme.inherited && !theme.running) return [{text}];
	const segments: Segment[] = [];
	let at = 0;
	for (const match of text.matchAll(toned)) {
		if (match.index > at) segments.push({text: text.slice(at, match.index)});
		segments.push({text: match[0], color: toneOf(match[0], theme)});
		at = match.index + match[0].length;
	}

	if (at < text.length) segments.push({text: text.slice(at)});
	return segments;
}
