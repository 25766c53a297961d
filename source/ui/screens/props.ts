import type {World} from '../../core/world.js';
import type {LessonPane} from '../lesson.js';
import type {UiState} from '../state.js';

/** What every screen's view is drawn from. */
export type ScreenProps = {
	readonly state: UiState;
	readonly world: World;
	readonly width: number;
	/** The lesson of the world open, for the panel beside the resources. */
	readonly lesson?: LessonPane;
};
