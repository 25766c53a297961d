import {describe, expect, it} from 'vitest';
import {readWorld} from '../helpers/cli-run.js';
import {step} from '../helpers/world.js';
import {TagdeckPty, command, filterBy, keys, rowOf, ptyWorlds} from './pty.js';

const worlds = ptyWorlds();

const rule = 'Ecs-Instance:Ecs-Disk';
const settingName =
	'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk';

describe('associated tag inheritance in the UI (real terminal)', () => {
	it('feature on, Ecs-Instance:Ecs-Disk on, attach scratch-data-01 to dev-box-1: the disk shows ↳ tags from dev-box-1 and the file records them', async () => {
		const db = await worlds().copy();
		const disk = worlds().id('scratch-data-01');
		const devBox = worlds().id('dev-box-1');
		const devBoxTags = worlds().resource('dev-box-1').tags;
		const ui = await TagdeckPty.open({
			db,
			args: ['--region', 'cn-hangzhou'],
			cols: 200,
			rows: 40,
		});

		await command(ui, 'rules');
		await ui.waitFor('Feature off', 'the rules view with the feature off');
		await ui.press('I');
		await ui.waitFor(
			'Turn associated tag inheritance on?',
			'the feature switch confirmation',
		);
		await ui.press('y');
		await ui.waitFor('Feature on', 'the feature switch on');

		// Move the cursor down to the rule.
		let lines = await ui.screen();
		const ruleRow = lines.findIndex((l) => l.includes(`  ${rule} `));
		const [cursorRow] = await ui.inverseRows();
		expect(ruleRow, await ui.show()).toBeGreaterThan(-1);
		expect(cursorRow, `a cursor row\n${await ui.show()}`).toBeDefined();
		for (let i = cursorRow!; i < ruleRow; i++) await ui.press('j');
		await ui.waitFor(async () => {
			const row = await ui.cursorRow();
			return row?.includes(rule) ?? false;
		}, `the cursor on ${rule}`);
		await ui.press('e');
		await ui.waitFor(
			`Enable ${rule} in cn-hangzhou?`,
			'the enable confirmation',
		);
		await ui.press('y');
		await ui.waitFor(
			new RegExp(String.raw`${rule}\s+on\s`, 'v'),
			`${rule} shown on in the rules view`,
		);

		await ui.press(keys.esc);
		await ui.waitFor('type: all (Tab)', 'back in the resources view after Esc');
		await filterBy(ui, 'scratch-data-01');
		await ui.waitFor('1 shown', 'one row shown');

		await ui.press('a');
		await ui.waitFor('Attach to an instance…', 'the actions menu');
		expect(await ui.cursorRow(), await ui.show()).toContain(
			'Attach to an instance…',
		);
		await ui.press(keys.enter);
		lines = await ui.waitFor(
			`Attach to ${devBox}`,
			'the instances to attach to',
		);
		// The instances, below the menu's title ("Attach to an instance…").
		const choices = lines.filter((l) => /^\s*Attach to i-/v.test(l));
		expect(choices, await ui.show()).toHaveLength(1);
		expect(choices[0]).toContain('dev-box-1');
		await ui.press(keys.enter);
		await ui.waitFor(/Attach to .*\?/v, 'the attach confirmation');
		await ui.press('y');
		await ui.waitFor(/Step #\d+: attach /v, 'the attach applied');
		// Back to the list the action was started from. (That the actions menu
		// stays open after y, offering the attach again, is its own test below.)
		const shown = await ui.screen();
		if (shown.some((l) => l.startsWith('Enter choose'))) {
			await ui.press(keys.esc);
		}

		lines = await ui.waitFor('type: all (Tab)', 'the resources view');

		// The row: the inherited tags carry ↳.
		const row = lines[rowOf(lines, 'scratch-data-01')] ?? '';
		for (const [key, value] of Object.entries(devBoxTags)) {
			if (key.startsWith('acs:') || key === 'env') continue;
			expect(row, `↳${key}=${value} on the row\n${await ui.show()}`).toContain(
				`↳${key}=${value}`,
			);
		}

		// The detail pane (shown at 200 columns): each inherited tag, from dev-box-1, by the rule.
		const screen = lines.join('\n');
		expect(screen, await ui.show()).toContain(`↳ owner=${devBoxTags.owner!}`);
		expect(screen).toContain(`inherited from ${devBox} (dev-box-1)`);
		expect(screen).toContain(`by ${rule}, rule on:`);

		const after = await readWorld(db);
		const {inherited} = after.resources[disk]!;
		expect(inherited, JSON.stringify(after.resources[disk])).toBeDefined();
		const entries = Object.entries(inherited);
		expect(entries.length).toBeGreaterThan(0);
		for (const [key, origin] of entries) {
			expect(origin, key).toEqual({from: devBox, rule: settingName});
			expect(after.resources[disk]!.tags[key]).toBe(devBoxTags[key]);
		}

		expect(Object.keys(inherited)).toEqual(
			expect.arrayContaining(['owner', 'team']),
		);

		await ui.press('q');
		expect(await ui.waitForExit()).toMatchObject({exitCode: 0});
	});

	it('after y on "Attach to …" the menu no longer offers attaching the disk that is now attached', async () => {
		const db = await worlds().copy();
		const devBox = worlds().id('dev-box-1');
		const ui = await TagdeckPty.open({
			db,
			args: ['--region', 'cn-hangzhou'],
			cols: 100,
			rows: 24,
		});
		await filterBy(ui, 'scratch-data-01');
		await ui.press('a');
		await ui.waitFor('Attach to an instance…', 'the actions menu');
		await ui.press(keys.enter);
		await ui.waitFor(`Attach to ${devBox}`, 'the instances to attach to');
		await ui.press(keys.enter);
		await ui.waitFor(/Attach to .*\?/v, 'the attach confirmation');
		await ui.press('y');
		const lines = await ui.waitFor(
			new RegExp(String.raw`Step #${step(1)}: attach `, 'v'),
			'the attach applied',
		);
		const world = await readWorld(db);
		expect(world.resources[worlds().id('scratch-data-01')]!.links).toEqual({
			attachedTo: devBox,
		});
		// The disk is attached now: a list offering to attach it again (which
		// only fails with InvalidOperation.AlreadyLinked) is a stale menu.
		expect(
			lines.filter((l) => l.includes(`Attach to ${devBox}`)),
			`a stale "Attach to" choice after the attach\n${await ui.show()}`,
		).toEqual([]);
	});
});
