import {apiCallsText} from '../../../core/api-calls.js';
import {Lines} from '../../components.js';
import {listHeight} from '../../state.js';
import type {ScreenProps as Props} from '../props.js';
import {previewLines, previewWindow} from './preview.js';

export function PendingScreen({state, world, width}: Props) {
	const {pending} = state;
	if (!pending) return null;
	const find = (id: string) => world.get(id);
	// The line under the title: how many real API calls the batch would take.
	const calls = apiCallsText(pending.command);
	const lines = [
		pending.title,
		calls ? `Tag API: ${calls}` : '',
		...previewLines(previewWindow(state, world), find),
	];
	return <Lines lines={lines} height={listHeight(state) + 1} width={width} />;
}
