import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {compliance} from '../../source/core/governance/compliance.js';
import {projectRoot} from '../helpers/root.js';
import {
	appFixture,
	command,
	keys,
	lines,
	lineWith,
	messageLine,
	readWorld,
	type TestWorld,
	type Ui,
} from './helpers.js';

/*
:compliance (docs/governance.md): per key of the tag policies in force, the
open region's resources by compliance, with bars; Enter marks the
non-compliant ones in the resources view; f previews the fix, y applies it.
*/

/** The example tag policy (data/tag-policies/costcenter.json), created and attached. */
async function attachExamplePolicy(w: TestWorld) {
	const document = await readFile(
		path.join(projectRoot, 'data/tag-policies/costcenter.json'),
		'utf8',
	);
	await w.store.apply({
		op: 'tag-policy',
		action: 'create',
		name: 'costcenter',
		document,
	});
	await w.store.apply({op: 'tag-policy', action: 'attach', name: 'costcenter'});
}

let world: TestWorld;
let ui: Ui;

describe(':compliance in ap-southeast-1 with the example policy attached', () => {
	appFixture(
		(made) => {
			({world, ui} = made);
		},
		{
			region: 'ap-southeast-1',
			before: attachExamplePolicy,
			async after(u) {
				await command(u, 'compliance');
				await u.waitFor('Compliance · ap-southeast-1');
			},
		},
	);

	test('a row per key with the counts the core reports, and a bar of three glyphs', () => {
		const report = compliance(world.store.current()!, {
			region: 'ap-southeast-1',
		});
		for (const key of report.keys) {
			const row = lineWith(ui.frame(), `  ${key.key} `);
			expect(row).toMatch(
				new RegExp(
					String.raw`^ {2}${key.key}\s+${key.compliant}\s+${key.nonCompliant}\s+${key.notApplicable}\s+${((key.coverage ?? 0) * 100).toFixed(1).replace('.', String.raw`\.`)}%\s+█+▒+░*$`,
					'v',
				),
			);
		}

		expect(lines(ui.frame())[2]).toContain(
			`2 similar (f) · ${report.untagged} untagged`,
		);
	});

	test('Enter marks the resources non-compliant with the key under the cursor', async () => {
		const report = compliance(world.store.current()!, {
			region: 'ap-southeast-1',
		});
		const expected = report.resources.filter((f) => f.key === 'CostCenter');
		await ui.press(keys.enter);
		await ui.waitFor(`${expected.length} marked`);
		expect(messageLine(ui.frame())).toContain(
			`Marked the ${expected.length} resource(s) non-compliant with CostCenter`,
		);
	});

	test('f previews the renames with spaces shown; y applies them as one step, and nothing similar is left', async () => {
		await ui.press('f');
		await ui.waitFor('Fix 2 resource(s)');
		expect(ui.frame()).toContain('~ CostCenter: " retail" → retail');
		await ui.press('y');
		await ui.waitFor('Step #').catch(() => undefined);
		console.log(ui.frame());
		await ui.waitFor('0 similar (f)');
		const data = await readWorld(world.file);
		expect(data.resources['shop-assets-sea']!.tags.CostCenter).toBe('retail');
		expect(data.log.at(-1)!.command).toEqual({
			op: 'fix',
			region: 'ap-southeast-1',
		});
	});
});

describe('enforcement in the editor’s preview', () => {
	appFixture(
		(made) => {
			({world, ui} = made);
		},
		{
			region: 'ap-southeast-1',
			before: attachExamplePolicy,
		},
	);

	test('tagging an instance CostCenter=Retail shows the policy’s refusal before anything is applied', async () => {
		const instance = world.store
			.current()!
			.resources()
			.find((r) => r.name === 'web-sea-1')!;
		await ui.press('/');
		await ui.type('name:web-sea-1');
		await ui.press(keys.enter, keys.space, 't');
		await ui.type('CostCenter=Retail');
		await ui.press(keys.ctrlS);
		await ui.waitFor('would fail');
		expect(lineWith(ui.frame(), instance.id)).toContain(
			'TagPolicy.NonCompliant: The tag policy costcenter allows CostCenter',
		);
	});
});

describe(':compliance with no policy attached', () => {
	appFixture(
		(made) => {
			({world, ui} = made);
		},
		{region: 'cn-hangzhou'},
	);

	test('says how to make and attach one; f has nothing to fix', async () => {
		await command(ui, 'compliance');
		await ui.waitFor('No tag policy is attached');
		await ui.press('f');
		expect(messageLine(ui.frame())).toContain('Nothing to fix here');
	});
});
