/*
Tag API actions on keys, values and types (docs/api.md): ListTagKeys,
ListTagValues, ListResourcesByTag, ListSupportResourceTypes, and preset tags
(CreateTags, DeleteTag).
*/
import type {Action} from './api.js';

export const tagMetaActions: Record<string, Action> = {};
