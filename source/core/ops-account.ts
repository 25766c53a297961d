import {resolveType} from './catalogue.js';
import {TagdeckError} from './errors.js';
import type {Account, Resource} from './model.js';
import {customTagCount, own} from './tags.js';
import type {Txn} from './txn.js';

/*
Account-wide settings that are not about inheritance: the createdby feature and
the tag quota of each resource type (docs/cloud-facts.md §3, §8).
*/

/** The system tag naming who created a resource. */
export const createdByKey = 'acs:tag:createdby';

/** Custom tags per resource unless the account's quota for the type says otherwise. */
export const defaultTagQuota = 20;

/** The largest quota `quota set` accepts (tagdeck's bound: Quota Center decides per request). */
export const maxTagQuota = 1000;

/** The createdby tag's value for a resource the account itself creates. */
export function accountCreator(account: Pick<Account, 'id'>): string {
	return `customer:${account.id}`;
}

/** The tag quota of a resource type in this account. */
export function quotaOf(
	account: Pick<Account, 'quotas'>,
	type: string,
): number {
	return own(account.quotas, type) ?? defaultTagQuota;
}

/** Gives a new resource its createdby tag when the feature is on. */
export function stampCreator(txn: Txn, resource: Resource): void {
	const account = txn.account();
	if (!account.createdBy) return;
	// Made by a RAM user: `sub:<RamUserId>:<name>` (docs/cloud-facts.md §8).
	const user = txn.acting?.principal;
	resource.tags[createdByKey] = user
		? `sub:${user.id}:${user.name}`
		: accountCreator(account);
}

/** Turns the createdby feature on or off; tags already given stay. */
export function switchCreatedBy(txn: Txn, enabled: boolean): void {
	const account = txn.account();
	if (account.createdBy === enabled) {
		throw new TagdeckError(
			enabled ? 'CreatedByAlreadyOpen' : 'InvalidOperation.CreatedByClosed',
			enabled
				? 'The createdby feature is already on: new resources get acs:tag:createdby.'
				: 'The createdby feature is already off.',
		);
	}

	txn.setDoc('a', 'account', {...structuredClone(account), createdBy: enabled});
}

/** Sets a type's tag quota, or (null) puts back the default. */
export function setQuota(
	txn: Txn,
	typeWord: string,
	quota: number | null,
): void {
	const type = resolveType(typeWord);
	if (
		quota !== null &&
		(!Number.isInteger(quota) || quota < 1 || quota > maxTagQuota)
	) {
		throw new TagdeckError(
			'InvalidParameter.Quota',
			`A tag quota is a whole number from 1 to ${maxTagQuota}; the default is ${defaultTagQuota}.`,
		);
	}

	const account = structuredClone(txn.account());
	const current = quotaOf(account, type.name);
	const next = quota ?? defaultTagQuota;
	if (next < current) {
		// Lowering below what resources carry would leave them over quota.
		let most = 0;
		let holder = '';
		for (const resource of Object.values(txn.world.data.resources)) {
			if (resource.type !== type.name) continue;
			const count = customTagCount(resource.tags);
			if (count > most) {
				most = count;
				holder = resource.id;
			}
		}

		if (most > next) {
			throw new TagdeckError(
				'InvalidParameter.Quota',
				`${holder} already carries ${most} custom tags, more than ${next}: remove some first, or set a quota of at least ${most}.`,
			);
		}
	}

	if (quota === null || quota === defaultTagQuota)
		delete account.quotas[type.name];
	else account.quotas[type.name] = quota;
	txn.setDoc('a', 'account', account);
}
