import {createContext, useContext} from 'react';

/** Colours, or none (NO_COLOR, --no-color): meaning never rests on colour alone. */
export type Theme = {
	accent?: string;
	dim: boolean;
	error?: string;
	inherited?: string;
	system?: string;
	marked?: string;
};

export const colourTheme: Theme = {
	accent: 'cyan',
	dim: true,
	error: 'red',
	inherited: 'yellow',
	system: 'magenta',
	marked: 'green',
};

export const plainTheme: Theme = {dim: false};

export const themeContext = createContext<Theme>(colourTheme);

export function useTheme(): Theme {
	return useContext(themeContext);
}

/** Glyphs that carry the meaning colours only repeat. */
export const glyphs = {mark: '●', inherited: '↳', system: '¤', cursor: '›'};
