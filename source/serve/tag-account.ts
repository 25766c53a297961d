/*
Tag API actions on the account's settings (docs/api.md): associated resource
rules, the createdby tag, and tag policies.
*/
import type {Action} from './api.js';

export const tagAccountActions: Record<string, Action> = {};
