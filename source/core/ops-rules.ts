import {findRegion, findRule, type Rule} from './catalogue.js';
import {TagdeckError} from './errors.js';
import {
	maxScopeKeys,
	serviceRole,
	settingKey,
	supportedRegions,
	syncRule,
} from './inheritance.js';
import type {RuleSetting} from './model.js';
import {checkKey, visible} from './tags.js';
import type {Txn} from './txn.js';

/*
The account's feature switch and the rule settings of a region: the changes
that decide what associated tag inheritance does.
*/

/** Turns the feature on or off; on creates the service-linked role. */
export function switchFeature(txn: Txn, enabled: boolean) {
	const account = structuredClone(txn.account());
	if (account.inheritance.enabled === enabled) return;
	account.inheritance.enabled = enabled;
	if (enabled) {
		account.inheritance.role = serviceRole;
		account.inheritance.since = txn.now;
	}

	txn.setDoc('a', 'account', account);
	if (!enabled) return;
	// Back on: what the primaries did meanwhile reaches their managed links.
	for (const setting of Object.values(txn.world.data.rules)) {
		const rule = findRule(setting.rule);
		if (setting.enabled && rule)
			syncRule(txn, setting.region, rule, setting, {full: false});
	}
}

function resolveRule(name: string): Rule {
	const rule = findRule(name);
	if (!rule) {
		throw new TagdeckError(
			'InvalidSettingName.NotFound',
			`Unknown rule "${visible(name)}": give a SettingName or its Primary:Associated tail, e.g. Ecs-Instance:Ecs-Disk (see tagdeck rules).`,
		);
	}

	return rule;
}

type RuleChange = {
	region: string;
	rules: string[];
	enable: boolean;
	/** Null: all keys; undefined: keep the current scope. */
	keys?: string[] | null;
	existing?: boolean;
	/** Disable: keep the settings given on the disabled rule, recorded even where it was never on. */
	record?: boolean;
	/** Disable: delete the rules' settings in the region. */
	remove?: boolean;
};

/** A disabled rule's setting: the switch off, the scope and existing as given or as they were. */
function disabledSetting(
	region: string,
	rule: Rule,
	old: RuleSetting | undefined,
	change: RuleChange,
): RuleSetting {
	return {
		region,
		rule: rule.settingName,
		enabled: false,
		keys: change.keys === undefined ? (old?.keys ?? null) : change.keys,
		existing: change.existing ?? old?.existing ?? false,
	};
}

/**
Enables (or updates), or disables, rules of one region; disabled, a rule's
settings can be recorded or deleted. A disabled or deleted rule stops acting;
the tags it delivered stay where they are.
*/
export function changeRules(txn: Txn, change: RuleChange) {
	const region = findRegion(change.region.toLowerCase());
	if (!region) {
		throw new TagdeckError(
			'InvalidParameter.Region',
			`Unknown region "${visible(change.region)}". See tagdeck regions.`,
		);
	}

	if (!region.inheritance) {
		throw new TagdeckError(
			'InvalidOperation.RegionNotSupported',
			`Associated tag inheritance is not supported in ${region.id} (${region.name}). Rules can be enabled in: ${supportedRegions.join(', ')}.`,
		);
	}

	if (!txn.account().inheritance.enabled) {
		throw new TagdeckError(
			'InvalidOperation.NotActivated',
			'Associated tag inheritance is not activated for this account. Turn it on first: tagdeck inheritance on',
		);
	}

	if (change.rules.length === 0) {
		throw new TagdeckError(
			'MissingParameter.SettingName',
			'Name at least one rule (see tagdeck rules).',
		);
	}

	if (change.keys) {
		if (change.keys.length === 0) {
			throw new TagdeckError(
				'InvalidParameter.TagKey',
				'A scope lists at least one tag key; to inherit all keys, give no list.',
			);
		}

		if (change.keys.length > maxScopeKeys) {
			throw new TagdeckError(
				'NumberExceed.TagKeys',
				`A rule inherits all keys or at most ${maxScopeKeys} listed keys; ${change.keys.length} were given.`,
			);
		}

		for (const key of change.keys) {
			try {
				checkKey(key);
			} catch (error) {
				throw new TagdeckError(
					'InvalidParameter.TagKey',
					(error as Error).message,
				);
			}
		}
	}

	const chosen = [...new Set(change.rules.map((name) => resolveRule(name)))];
	for (const rule of chosen) {
		if ((change.enable || change.record) && change.existing && !rule.existing) {
			throw new TagdeckError(
				'InvalidParameter.ExistingStatus',
				`${rule.primary}:${rule.associated} cannot apply to existing resources (Alibaba Cloud allows it only for the rules marked Yes; see tagdeck rules); enable it without --existing.`,
			);
		}
	}

	for (const rule of chosen) {
		const key = settingKey(region.id, rule.settingName);
		const old = txn.setting(key);
		if (!change.enable) {
			if (change.remove) {
				if (old) txn.setDoc('u', key, undefined);
			} else if (change.record) {
				txn.setDoc('u', key, disabledSetting(region.id, rule, old, change));
			} else if (old?.enabled) {
				txn.setDoc('u', key, {...old, enabled: false});
			}

			continue;
		}

		const next: RuleSetting = {
			region: region.id,
			rule: rule.settingName,
			enabled: true,
			keys: change.keys === undefined ? (old?.keys ?? null) : change.keys,
			existing: change.existing ?? old?.existing ?? false,
		};
		txn.setDoc('u', key, next);
		const nowExisting = next.existing && !(old?.enabled && old.existing);
		const rescoped =
			old !== undefined &&
			JSON.stringify(next.keys) !== JSON.stringify(old.keys);
		const back = old !== undefined && !old.enabled;
		if (nowExisting) {
			syncRule(txn, region.id, rule, next, {full: true});
		} else if (rescoped || back) {
			const oldKeys = rescoped ? old.keys : undefined;
			syncRule(txn, region.id, rule, next, {full: false, oldKeys});
		}
	}
}
