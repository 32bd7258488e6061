// A page built by Vite with the spragc package: compile Python in the page, and render a
// Component that the spragc Vite plugin compiled from app/components.py.
import { compile, version } from 'spragc';
import { Greeting } from './app/components.py';

const snippet = `from sprag import Component, ui

class Hello(Component):
    def render(self, props=None):
        return ui.p(f"hi {props.get('who', 'there')}", class_="hello")
`;
const good = compile(snippet, { filename: 'hello.py' });
const bad = compile('class Broken(Component):\n    def render(self):\n        return = 1\n', { filename: 'broken.py' });
document.querySelector('#compiled').textContent = good.files.map((f) => f.code).join('\n');

const greeting = new Greeting(
    { items: [{ id: 1, label: 'first' }, { id: 2, label: 'second' }] },
    { props: { name: 'bundler' } },
);
greeting.mount(document.querySelector('#app'));

window.__result = {
    version: version(),
    files: good.files.map((f) => f.path),
    hasClass: good.files.some((f) => f.code.includes('export class Hello extends Component')),
    errors: good.diagnostics.filter((d) => d.severity === 'error').length,
    broken: bad.diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column })),
};
window.__ready = true;
