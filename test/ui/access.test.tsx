import {describe, expect, test} from 'vitest';
import {
	appFixture,
	command,
	keys,
	lines,
	lineWith,
	messageLine,
	named,
	readWorld,
	type TestWorld,
	type Ui,
} from './helpers.js';

/*
Acting as a RAM user in the UI (docs/access.md): :as switches who acts and the
header says so; rows the user may not describe are hidden and counted; the
preview names the statement that denies; w explains the cursor row; :ram lists
the account, users, groups and policies, and Enter acts as a user.
*/

let world: TestWorld;
let ui: Ui;

/** The IDs of the rows shown, top to bottom. */
const rowIds = () =>
	lines(ui.frame())
		.map((line) => /^\s*(i-\w+)\s/v.exec(line)?.[1])
		.filter((id): id is string => id !== undefined);

const id = (name: string) => named(world.store, name).id;

describe('acting as alice in cn-beijing', () => {
	appFixture(
		(made) => {
			({world, ui} = made);
		},
		{
			region: 'cn-beijing',
			async after(u) {
				await command(u, 'as alice');
				await u.waitFor('as alice');
			},
		},
	);

	test('the header names her; only her team’s five rows are shown, the rest counted', () => {
		const header = lines(ui.frame())[0]!;
		expect(header).toMatch(
			/^tagdeck · as alice · cn-beijing · 0 marked · 5 shown · 5 in region \(5 hidden\)/v,
		);
		expect(rowIds().toSorted()).toEqual(
			[1, 2, 3, 4, 5].map((n) => id(`dev-app-${n}`)).toSorted(),
		);
		expect(messageLine(ui.frame())).toContain(
			'Acting as alice: rows alice may not describe are hidden',
		);
	});

	test('w explains the cursor row: what is allowed, what is denied, and by which statement', async () => {
		await ui.press('w');
		const message = messageLine(ui.frame());
		expect(message).toContain(
			'alice on dev-app-1 (ecs): allowed by policyForDevTeam #2:',
		);
		expect(message).toContain('StopInstance');
		expect(message).toMatch(
			/denied by\s+policyForDevTeam #4: TagResources, UntagResources\. tagdeck ram why shows each statement\.$/v,
		);
	});

	test('the preview of a tag change marks every row denied, with the deciding statement; nothing is applied', async () => {
		const before = await readWorld(world.file);
		await ui.press(keys.space, 't');
		await ui.type('owner=alice');
		await ui.press(keys.ctrlS);
		await ui.waitFor('would fail');
		expect(lineWith(ui.frame(), id('dev-app-1'))).toContain(
			'Forbidden.RAM: denied by policyForDevTeam #4 (ecs:TagResources)',
		);
		await ui.press('y');
		expect(messageLine(ui.frame())).toContain('Every resource would fail');
		const after = await readWorld(world.file);
		expect(after.revision).toBe(before.revision);
	});

	test('stopping her instance is allowed, and the log says it was her', async () => {
		const instance = id('dev-app-1');
		await ui.press('a');
		await ui.waitFor(`Actions on ${instance}`);
		// The first action is Stop.
		expect(lines(ui.frame())[3]).toBe(`  Stop ${instance}`);
		await ui.press(keys.enter, 'y');
		await ui.waitFor('Step #');
		const after = await readWorld(world.file);
		expect(after.resources[instance]!.status).toBe('Stopped');
		expect(after.log.at(-1)).toMatchObject({by: 'alice'});
	});

	test(':ram lists the account, the users with their groups’ policies, the groups and the policies; Enter on bob acts as bob', async () => {
		await command(ui, 'ram');
		await ui.waitFor('KIND');
		const frame = ui.frame();
		const rows = lines(frame).slice(3, 10);
		expect(rows[0]).toMatch(/^ {2}account\s+root\s+-\s+may do everything$/v);
		expect(rows[1]).toMatch(
			/^ {2}user\s+alice ◂\s+developer\s+policyForDevTeam \(group developer\)$/v,
		);
		expect(rows[2]).toMatch(/^ {2}user\s+bob\s+operator\s+policyForOpsTeam/v);
		expect(rows[3]).toMatch(
			/^ {2}group\s+developer\s+alice\s+policyForDevTeam$/v,
		);
		expect(rows[6]).toMatch(
			/^ {2}policy\s+policyForOpsTeam\s+operator\s+Operators: /v,
		);
		await ui.press('j', 'j', keys.enter);
		await ui.waitFor('as bob');
		expect(rowIds().toSorted()).toEqual(
			[1, 2, 3, 4, 5].map((n) => id(`ops-tool-${n}`)).toSorted(),
		);
	});

	test(':as root shows everything again; :as an unknown name is refused and changes nothing', async () => {
		await command(ui, 'as mallory');
		expect(messageLine(ui.frame())).toContain('No RAM user "mallory"');
		expect(lines(ui.frame())[0]).toContain('as alice');
		await command(ui, 'as root');
		await ui.waitFor('10 shown');
		expect(lines(ui.frame())[0]).not.toContain(' as ');
		await ui.press('w');
		expect(messageLine(ui.frame())).toContain('You act as the account (root)');
	});
});
