// The npm package's API in Node (node --test): shapes, options, diagnostics instead of
// exceptions, and source maps a standard consumer reads back to exact Python positions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceMapConsumer } from 'source-map';

import { compile, compileProject, version } from '../../pkg/node/index.mjs';

const MODULE = `from sprag import Module


class CounterModule(Module):
    def on_increment(self, event):
        event.prevent_default()
        next_count = self.state["count"] + 1
        self.set_state({"count": next_count})
`;

test('version is the crate version', () => {
    assert.match(version(), /^\d+\.\d+\.\d+$/);
});

test('compile returns files and diagnostics as plain objects', () => {
    const result = compile(MODULE, { filename: 'app/modules.py' });
    assert.deepEqual(Object.keys(result).sort(), ['diagnostics', 'files']);
    assert.equal(result.diagnostics.length, 0);
    assert.equal(result.files.length, 1);
    const [file] = result.files;
    assert.equal(file.path, 'modules/CounterModule.js');
    assert.match(file.code, /export class CounterModule extends Module/);
    assert.match(file.code, /onIncrement\(event\)/);
    assert.match(file.code, /\/\/# sourceMappingURL=CounterModule\.js\.map\n$/);
    assert.equal(typeof file.map, 'string');
});

test('broken Python gives located diagnostics, never an exception', () => {
    const result = compile('class Broken(Module):\n    def f(self):\n        x = = 1\n', { filename: 'bad.py' });
    assert.equal(result.files.length, 0);
    const [d] = result.diagnostics;
    assert.equal(d.code, 'SPR001');
    assert.equal(d.severity, 'error');
    assert.equal(d.file, 'bad.py');
    assert.equal(d.line, 3);
    assert.equal(d.column, 13);
    assert.ok(d.endLine >= d.line);
    for (const key of ['code', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'owner', 'hint']) {
        assert.ok(key in d, `diagnostic has ${key}`);
    }
});

test('unsupported constructs are diagnostics with owner and hint', () => {
    const src = 'from sprag import Module\nclass M(Module):\n    def f(self, a, b):\n        return a // b\n';
    const { diagnostics, files } = compile(src);
    assert.equal(files.length, 0);
    assert.equal(diagnostics[0].code, 'SPR103');
    assert.equal(diagnostics[0].owner, 'M.f');
    assert.match(diagnostics[0].hint, /Math\.floor/);
    const extended = compile(src, { extended: true });
    assert.equal(extended.diagnostics.length, 0);
    assert.match(extended.files[0].code, /Math\.floor/);
});

test('hostile input does not throw', () => {
    const body = (expr) => `from sprag import Module\nclass M(Module):\n    def f(self, x):\n        return ${expr}\n`;
    const cases = [
        '', '\0\0\0', '('.repeat(5000), '['.repeat(100000), 'class A(Module):\n' + '    '.repeat(300) + 'x', 'def f(:\n',
        '"\\N{NOT A REAL NAME}"', body('not '.repeat(5000) + 'x'), body('-'.repeat(5000) + 'x'), body('x if x else '.repeat(5000) + 'x'),
        body(Array(100000).fill('x').join(' + ')), body('lambda: '.repeat(3000) + 'x'), body('f"{' + '('.repeat(300) + 'x' + ')'.repeat(300) + '}"'),
    ];
    for (const src of cases) {
        const result = compile(src);
        assert.ok(Array.isArray(result.diagnostics));
    }
});

test('invalid options throw a JS Error with a message', () => {
    assert.throws(() => compile(MODULE, { sourceMap: 'sometimes' }), /sourceMap/);
    assert.throws(() => compile(MODULE, { kind: 'widgets' }), /kind/);
    assert.throws(() => compile(MODULE, { nonsense: true }), /invalid options/);
    assert.throws(() => compileProject({ 'a.py': 1 }), /files must map paths/);
});

test('sourceMap: inline and false', () => {
    const inline = compile(MODULE, { sourceMap: 'inline' });
    assert.equal(inline.files[0].map, null);
    assert.match(inline.files[0].code, /sourceMappingURL=data:application\/json;charset=utf-8;base64,/);
    const none = compile(MODULE, { sourceMap: false });
    assert.equal(none.files[0].map, null);
    assert.doesNotMatch(none.files[0].code, /sourceMappingURL/);
});

test('stores by source or by name; kind filter; ragotImport', () => {
    const src = 'from sprag import Module\nfrom app.stores import tally\nclass M(Module):\n    def on_start(self):\n        tally.patch({"n": 1})\n';
    const bySource = compile(src, { stores: 'from sprag import store\ntally = store("tally", initial={"n": 0})\n' });
    assert.deepEqual(bySource.files.map((f) => f.path).sort(), ['modules/M.js', 'stores.js']);
    assert.match(bySource.files.find((f) => f.path === 'modules/M.js').code, /import \{ tally \} from '\.\.\/stores\.js'/);
    const byName = compile(src, { stores: ['tally'], ragotImport: 'ragot' });
    assert.match(byName.files.find((f) => f.path === 'modules/M.js').code, /from 'ragot'/);
    assert.match(byName.files.find((f) => f.path === 'stores.js').code, /from 'ragot'/);
    const onlyComponents = compile(src, { stores: ['tally'], kind: 'components' });
    assert.deepEqual(onlyComponents.files.map((f) => f.path), ['stores.js']);
});

test('compileProject returns a manifest of classes, routes and actions', () => {
    const result = compileProject({
        'app/routes/counter/server.py': 'from sprag import Controller, action\nclass CounterController(Controller):\n    @action\n    def increment(self, count):\n        return {"count": count + 1}\n',
        'app/routes/counter/page.py': 'from sprag import page\nfrom .server import CounterController\ncounter = page(path="/counter", controller=CounterController)\n',
        'app/routes/counter/modules.py': MODULE,
    });
    assert.equal(result.diagnostics.length, 0);
    assert.deepEqual(result.manifest.classes, [{ name: 'CounterModule', kind: 'module', file: 'app/routes/counter/modules.py', output: 'modules/CounterModule.js' }]);
    assert.equal(result.manifest.routes[0].path, '/counter');
    assert.equal(result.manifest.actions[0].name, 'increment');
    assert.ok(result.files.some((f) => f.path === 'stores.js'));
});

test('source map: Python names map back to their exact line and column', async () => {
    const { files } = compile(MODULE, { filename: 'app/modules.py' });
    const [file] = files;
    const map = JSON.parse(file.map);
    assert.deepEqual(map.sources, ['app/modules.py']);
    assert.equal(map.sourcesContent[0], MODULE);
    const lines = file.code.split('\n');
    const find = (needle, after) => {
        const start = lines.findIndex((l) => l.includes(after));
        for (let i = start; i < lines.length; i += 1) {
            const col = lines[i].indexOf(needle);
            if (col >= 0) return { line: i + 1, column: col };
        }
        throw new Error(`${needle} not found`);
    };
    const pyPos = (needle) => {
        const pyLines = MODULE.split('\n');
        const line = pyLines.findIndex((l) => l.includes(needle));
        return { line: line + 1, column: pyLines[line].indexOf(needle) };
    };
    await SourceMapConsumer.with(map, null, (consumer) => {
        for (const [generated, after, python] of [
            ['onIncrement', 'onIncrement(event)', 'on_increment'],
            ['preventDefault', 'onIncrement(event)', 'prevent_default'],
            ['next_count', 'onIncrement(event)', 'next_count'],
            ['setState', 'next_count =', 'set_state'],
        ]) {
            const original = consumer.originalPositionFor(find(generated, after));
            assert.equal(original.source, 'app/modules.py');
            assert.deepEqual({ line: original.line, column: original.column }, pyPos(python), `${generated} -> ${python}`);
            assert.equal(original.name, python);
        }
    });
});

test('maps of several classes of one file each carry the whole file, escaped as JSON', () => {
    // Quotes, backslashes, a tab, a Python `\x01` escape and non-ASCII text in the source:
    // the maps of a file's classes share its sourcesContent (joined in JavaScript).
    const source = `from sprag import Component, Module, ui

LABEL = "Café \\"quoted\\" \\\\ back\tslash \\x01 ✓"


class First(Component):
    def render(self, props=None):
        return ui.p(LABEL)


class Second(Module):
    def on_start(self):
        print("señal")
`;
    const many = compileProject({ 'app/routes/x/web.py': source });
    assert.equal(many.diagnostics.filter((d) => d.severity === 'error').length, 0);
    const maps = many.files.filter((f) => f.map !== null);
    assert.equal(maps.length, 2);
    for (const file of maps) {
        const map = JSON.parse(file.map);
        assert.deepEqual(map.sourcesContent, [source]);
        assert.equal(map.file, file.path.split('/').pop());
        assert.ok(map.mappings.length > 0);
    }
    // One class alone: the map is built in one piece, and must read the same.
    const single = compileProject({ 'app/routes/x/web.py': source.slice(0, source.indexOf('class Second')) });
    const alone = single.files.find((f) => f.path === 'components/First.js');
    const shared = maps.find((f) => f.path === 'components/First.js');
    assert.deepEqual(JSON.parse(alone.map).sourcesContent[0], source.slice(0, source.indexOf('class Second')));
    assert.equal(JSON.parse(shared.map).mappings, JSON.parse(alone.map).mappings);
});
