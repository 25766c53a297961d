import {describe, expect, it} from 'vitest';
import {
	csvField,
	exportFormat,
	resourcesCsv,
} from '../../source/store/export.js';

const base = {
	arn: 'arn:acs:ecs:cn-hangzhou:1234567890123456:instance/i-1',
	type: 'Ecs-Instance',
	region: 'cn-hangzhou',
	zone: 'cn-hangzhou-h',
	status: 'Running',
	created: '2026-01-01T00:00:00.000Z',
};

describe(':export formats (README: the UI, :export)', () => {
	it('picks CSV for .csv and JSON for .json in any case, nothing for other names', () => {
		expect(exportFormat('out.csv')).toBe('csv');
		expect(exportFormat('/tmp/OUT.CSV')).toBe('csv');
		expect(exportFormat('out.json')).toBe('json');
		expect(exportFormat('out.txt')).toBeUndefined();
		expect(exportFormat('csv')).toBeUndefined();
	});

	it('quotes a CSV field holding a comma, a quote, CR or LF, doubling its quotes (RFC 4180)', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('R&D, EU')).toBe('"R&D, EU"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField('cr\rhere')).toBe('"cr\rhere"');
		expect(csvField('')).toBe('');
		// A formula stays text in a spreadsheet.
		expect(csvField('=HYPERLINK("http://x")')).toBe(
			`"'=HYPERLINK(""http://x"")"`,
		);
		expect(csvField('+1')).toBe("'+1");
		expect(csvField('-')).toBe("'-");
		expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvField('a=b')).toBe('a=b');
	});

	it('writes a header and one CRLF line per resource, a column per tag key', () => {
		const csv = resourcesCsv([
			{
				...base,
				id: 'i-1',
				name: 'web, "prod"',
				tags: {'cost center': 'R&D, EU', env: 'prod'},
			},
			{...base, id: 'i-2', name: 'db', zone: null, status: null, tags: {}},
		]);
		expect(csv.split('\r\n')).toEqual([
			'id,name,type,region,zone,status,created,arn,tag:cost center,tag:env',
			`i-1,"web, ""prod""",Ecs-Instance,cn-hangzhou,cn-hangzhou-h,Running,${base.created},${base.arn},"R&D, EU",prod`,
			`i-2,db,Ecs-Instance,cn-hangzhou,,,${base.created},${base.arn},,`,
			'',
		]);
	});
});
