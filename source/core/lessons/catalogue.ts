/*
The lessons, in teaching order (data/lessons/, docs/lessons.md).
*/
import lessonWindowsPatch from '../../../data/lessons/01-windows-patch.json' with {type: 'json'};
import lessonOneValue from '../../../data/lessons/02-one-value.json' with {type: 'json'};
import lessonRegional from '../../../data/lessons/03-regional.json' with {type: 'json'};
import lessonQuota from '../../../data/lessons/04-quota.json' with {type: 'json'};
import lessonSearch from '../../../data/lessons/05-search.json' with {type: 'json'};
import lessonIdsZones from '../../../data/lessons/06-ids-zones.json' with {type: 'json'};
import lessonInheritance from '../../../data/lessons/07-inheritance.json' with {type: 'json'};
import lessonSnapshots from '../../../data/lessons/08-snapshots.json' with {type: 'json'};
import lessonAck from '../../../data/lessons/09-ack.json' with {type: 'json'};
import lessonCostCenter from '../../../data/lessons/10-cost-center.json' with {type: 'json'};
import lessonRamTeam from '../../../data/lessons/11-ram-team.json' with {type: 'json'};
import lessonTagPolicy from '../../../data/lessons/12-tag-policy.json' with {type: 'json'};
import lessonRehearse from '../../../data/lessons/13-rehearse.json' with {type: 'json'};
import type {Lesson} from './model.js';

export const lessons: readonly Lesson[] = [
	lessonWindowsPatch,
	lessonOneValue,
	lessonRegional,
	lessonQuota,
	lessonSearch,
	lessonIdsZones,
	lessonInheritance,
	lessonSnapshots,
	lessonAck,
	lessonCostCenter,
	lessonRamTeam,
	lessonTagPolicy,
	lessonRehearse,
] as Lesson[];

export function findLesson(id: string): Lesson | undefined {
	return lessons.find((lesson) => lesson.id === id);
}
