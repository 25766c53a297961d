import {readFile} from 'node:fs/promises';
import {describe, expect, test} from 'vitest';
import type {RuleSetting, WorldData} from '../../source/core/model.js';
import {step} from '../helpers/world.js';
import {
	command,
	appFixture,
	diskRule,
	inAct,
	keys,
	lines,
	lineWith,
	messageLine,
	named,
	readWorld,
	type TestWorld,
	type Ui,
} from './helpers.js';

const eniRule = 'rule:AttachEni-DetachEni-TagInstance:Ecs-Instance:Ecs-Eni';

let world: TestWorld;
let ui: Ui;

appFixture((made) => {
	({world, ui} = made);
});

async function openRules() {
	await command(ui, 'rules');
}

async function featureOn() {
	await inAct(async () =>
		world.store.apply({op: 'inheritance', enabled: true}),
	);
}

function setting(
	data: WorldData,
	rule: string,
	region = 'cn-hangzhou',
): RuleSetting | undefined {
	return Object.values(data.rules).find(
		(s) => s.rule === rule && s.region === region,
	);
}

/** The table rows of the rules view. */
function ruleRows(frame: string): string[] {
	return lines(frame).filter((l) =>
		/^[ ●] [\w\-]+:[\w\-]+\s+(?:on|off)\s/v.test(l),
	);
}

function rowOf(rule: string): string {
	return lineWith(ui.frame(), ` ${rule} `) ?? '';
}

describe('inheritance rules view', () => {
	test(':rules lists the 17 rules with status, scope, apply-to-existing and what unlinking does', async () => {
		await openRules();
		expect(ui.frame()).toMatch(/RULE\s+STATUS\s+SCOPE\s+EXISTING\s+ON UNLINK/v);
		expect(ruleRows(ui.frame())).toHaveLength(17);
		expect(rowOf('Ecs-Instance:Ecs-Disk')).toMatch(
			/off\s+all keys\s+off \(can\)\s+removes tags/v,
		);
		expect(rowOf('Cs-Cluster:Ecs-SecurityGroup')).toMatch(
			/off\s+all keys\s+not possible\s+keeps tags/v,
		);
	});

	test('the view shows the feature switch is off and what I does', async () => {
		await openRules();
		expect(ui.frame()).toContain('Feature off');
		expect(ui.frame()).toContain('AliyunServiceRoleForTag');
	});

	test('I asks to turn the feature on, naming the role it creates, and y does', async () => {
		await openRules();
		await ui.press('I');
		expect(ui.frame()).toContain('Turn associated tag inheritance on?');
		expect(ui.frame()).toContain('AliyunServiceRoleForTag');
		const before = await readWorld(world.file);
		expect(before.account.inheritance.enabled).toBe(false);
		await ui.press('y');
		await ui.waitFor(`Step #${step(1)}`);
		expect(ui.frame()).toContain('Feature on');
		expect(lines(ui.frame())[0]).toContain('inheritance on');
		const after = await readWorld(world.file);
		const {inheritance} = after.account;
		expect(inheritance.enabled).toBe(true);
		expect(inheritance.role).toBe('AliyunServiceRoleForTag');
	});

	test('n to the feature question leaves it off', async () => {
		const before = await readFile(world.file, 'utf8');
		await openRules();
		await ui.press('I', 'n');
		expect(ui.frame()).toContain('Feature off');
		expect(await readFile(world.file, 'utf8')).toBe(before);
	});

	test('e with the feature off is refused with the reason, naming the key that turns it on', async () => {
		await openRules();
		await ui.press('e');
		const message = messageLine(ui.frame());
		expect(message).toContain('InvalidOperation.NotActivated');
		expect(message).toContain('Press I to turn it on first.');
		expect(message).not.toContain('tagdeck ');
		expect(rowOf('Ecs-Instance:Ecs-Disk')).toMatch(/\soff\s/v);
	});

	test('with the feature off the footer offers I, not e, x, D or s', async () => {
		await openRules();
		const footer = lines(ui.frame()).at(-1)!;
		expect(footer).toContain('I feature');
		for (const hint of ['e enable', 'x enable', 'D disable', 's scope'])
			expect(footer).not.toContain(hint);
		await featureOn();
		expect(lines(ui.frame()).at(-1)).toContain('e enable');
	});

	test('e enables the rule under the cursor after a confirmation', async () => {
		await featureOn();
		await openRules();
		await ui.press('e');
		expect(ui.frame()).toContain(
			'Enable Ecs-Instance:Ecs-Disk in cn-hangzhou?',
		);
		expect(setting(await readWorld(world.file), diskRule)?.enabled).not.toBe(
			true,
		);
		await ui.press('y');
		await ui.waitFor(`Step #${step(2)}`);
		expect(rowOf('Ecs-Instance:Ecs-Disk')).toMatch(/\son\s+all keys/v);
		expect(rowOf('Ecs-Instance:Ecs-Eni')).toMatch(/\soff\s/v);
		expect(setting(await readWorld(world.file), diskRule)?.enabled).toBe(true);
	});

	test('Space marks several rules and e enables them all', async () => {
		await featureOn();
		await openRules();
		await ui.press(keys.space, keys.space);
		expect(rowOf('Ecs-Instance:Ecs-Disk')).toMatch(/^●/v);
		expect(rowOf('Ecs-Instance:Ecs-Eni')).toMatch(/^●/v);
		await ui.press('e');
		expect(ui.frame()).toContain(
			'Enable Ecs-Instance:Ecs-Disk, Ecs-Instance:Ecs-Eni in cn-hangzhou?',
		);
		await ui.press('y');
		await ui.waitFor(`Step #${step(2)}`);
		const saved = await readWorld(world.file);
		expect(setting(saved, diskRule)?.enabled).toBe(true);
		expect(setting(saved, eniRule)?.enabled).toBe(true);
		expect(rowOf('Ecs-Instance:Vpc-Eip')).toMatch(/\soff\s/v);
	});

	test('* marks every rule', async () => {
		await openRules();
		await ui.press('*');
		expect(ruleRows(ui.frame()).filter((l) => l.startsWith('●'))).toHaveLength(
			17,
		);
	});

	test(
		String.raw`Ctrl-\ (the terminal sends 0x1c) clears the rule marks`,
		async () => {
			await openRules();
			await ui.press(keys.space, keys.space);
			await ui.press(keys.ctrlBackslash);
			expect(ruleRows(ui.frame()).filter((l) => l.startsWith('●'))).toEqual([]);
		},
	);

	test('x enables with apply-to-existing; the confirmation lists the inherited changes', async () => {
		await featureOn();
		const data = named(world.store, 'web-prod-1-data', 'Ecs-Disk');
		const crmData = named(world.store, 'crm-prod-1-data', 'Ecs-Disk');
		await openRules();
		// Wide enough for the whole line of each inherited change.
		await ui.rerenderWith({size: {columns: 220, rows: 40}});
		await ui.press('x');
		const frame = ui.frame();
		expect(frame).toContain('applying to existing resources');
		expect(frame).toContain('inherited by Ecs-Instance:Ecs-Disk');
		expect(lineWith(frame, data.id)).toContain('cost: hangzhou → shanghai');
		// Crm-prod-1-data has 20 tags: inheriting more would pass the quota.
		expect(frame).toContain('skip 1 (quota)');
		expect(frame).toContain(crmData.id);
		await ui.press('y');
		await ui.waitFor(`Step #${step(2)}`);
		expect(rowOf('Ecs-Instance:Ecs-Disk')).toMatch(/\son\s+all keys\s+on\s/v);
		const saved = await readWorld(world.file);
		expect(setting(saved, diskRule)?.existing).toBe(true);
		expect(saved.resources[data.id]!.tags.cost).toBe('shanghai');
	});

	test('x on a rule that cannot apply to existing resources is refused with the reason', async () => {
		await featureOn();
		const before = await readFile(world.file, 'utf8');
		await openRules();
		const at = ruleRows(ui.frame()).findIndex((l) =>
			l.includes(' Cs-Cluster:Ecs-SecurityGroup '),
		);
		await ui.press(...Array.from({length: at}, () => 'j'));
		expect(lines(ui.frame()).at(-1)).not.toContain('x enable+existing');
		await ui.press('x');
		expect(ui.frame()).not.toMatch(/y yes/v);
		const message = messageLine(ui.frame());
		expect(message).toContain(
			'Cs-Cluster:Ecs-SecurityGroup cannot apply to existing resources',
		);
		expect(message).toContain('press e to enable without');
		expect(message).not.toContain('--existing');
		expect(await readFile(world.file, 'utf8')).toBe(before);
	});

	test('D disables the rule after a confirmation', async () => {
		await featureOn();
		await inAct(async () =>
			world.store.apply({
				op: 'rules',
				region: 'cn-hangzhou',
				rules: [diskRule],
				enable: true,
				keys: null,
			}),
		);
		await openRules();
		expect(rowOf('Ecs-Instance:Ecs-Disk')).toMatch(/\son\s/v);
		await ui.press('D');
		expect(ui.frame()).toContain(
			'Disable Ecs-Instance:Ecs-Disk in cn-hangzhou?',
		);
		await ui.press('y');
		await ui.waitFor(`Step #${step(3)}`);
		expect(rowOf('Ecs-Instance:Ecs-Disk')).toMatch(/\soff\s/v);
		expect(setting(await readWorld(world.file), diskRule)?.enabled).toBe(false);
	});

	test('s edits the scope: type the keys, Enter, confirm with y', async () => {
		await featureOn();
		await openRules();
		await ui.press('s');
		expect(ui.frame()).toContain('scope (keys, comma-separated');
		await ui.type('env,app');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('with the scope env, app?');
		await ui.press('y');
		await ui.waitFor(`Step #${step(2)}`);
		expect(rowOf('Ecs-Instance:Ecs-Disk')).toMatch(/\s{2}env,app\s/v);
		expect(setting(await readWorld(world.file), diskRule)?.keys).toEqual([
			'env',
			'app',
		]);
	});

	test('the scope reads quotes as everywhere: a quoted key may hold a comma or a space; an open quote is refused', async () => {
		await featureOn();
		await openRules();
		await ui.press('s');
		await ui.type('"cost center", "a,b"');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('with the scope cost center, a,b?');
		await ui.press(keys.esc);
		await ui.press('s');
		await ui.type('"env');
		await ui.press(keys.enter);
		expect(messageLine(ui.frame())).toContain('never closed');
	});

	test('Esc leaves the rules view', async () => {
		await openRules();
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('type: all');
	});
});

describe('inheritance rules in a region without support (ap-northeast-2)', () => {
	test('the header, the table and the footer agree: not available here', async () => {
		await featureOn();
		await command(ui, 'region ap-northeast-2');
		await openRules();
		const header = lines(ui.frame())[0]!;
		expect(header).toContain('no inheritance in this region');
		expect(header).not.toContain('inheritance on');
		expect(ui.frame()).toContain(
			'Not available in this region: ap-northeast-2 has no associated tag inheritance',
		);
		expect(rowOf('Ecs-Instance:Ecs-Disk')).toMatch(
			/\sn\/a\s+all keys\s+n\/a\s/v,
		);
		expect(ui.frame()).not.toContain('off (can)');
		const footer = lines(ui.frame()).at(-1)!;
		for (const hint of ['e enable', 'x enable', 'D disable', 's scope'])
			expect(footer).not.toContain(hint);
		expect(footer).toContain('? help');
	});

	test.each(['e', 'x', 'D', 's'])(
		'%s is refused with a message, and nothing changes',
		async (key) => {
			await featureOn();
			const before = await readFile(world.file, 'utf8');
			await command(ui, 'region ap-northeast-2');
			await openRules();
			await ui.press(key);
			expect(ui.frame()).not.toMatch(/y yes/v);
			expect(ui.frame()).not.toContain('scope (keys');
			expect(messageLine(ui.frame())).toContain(
				'Not available in ap-northeast-2 (',
			);
			expect(await readFile(world.file, 'utf8')).toBe(before);
		},
	);
});
