// The scripted scenario of every route of the labs, default and docs templates: what a
// developer would do with each demo. run.mjs opens `path`, waits for hydration, then runs
// `steps` in order and records the page after each one.
//
// Step kinds: click (times, navigates), fill, check, uncheck, press, select, files, scroll,
// waitText (a regex on #app-root's text), wait (ms). Per route: `normalise` (extra
// [regex, replacement] pairs for values that legitimately differ between two runs of the same
// server, e.g. tick counters), `settle` ({quietMs, maxMs}), `busy` (the page never goes quiet,
// e.g. a ticking watcher), `note` (shown in the results table), `referenceBug` ({from, why,
// expect}: from step `from` on, the reference's JavaScript is wrong; spragc's run must show
// `expect[step]` (a regex on the normalised visible text) and have no error of its own).
// A leading `(?i)` makes a waitText pattern case-insensitive. A step marked `volatile` is
// performed and checked for errors but its page is not compared (a race in the app itself).

const click = (sel, extra = {}) => ({ do: 'click', sel, ...extra });
const role = (name) => `[data-role="${name}"]`;
const fill = (sel, value) => ({ do: 'fill', sel, value });
const nav = (sel) => click(sel, { navigates: true });

// Numbers that only count time (ticks, elapsed seconds, progress percentages).
const DIGITS = [[/\d+/g, 'N']];

const labs = [
    {
        path: '/',
        steps: [nav('a[href="/counter"]'), click(role('increment')), { do: 'goto', path: '/' }, nav('a[href="/store-demo"]')],
    },
    {
        path: '/a11y-demo',
        steps: [
            click('[role="tab"]:nth-child(2)'),
            { do: 'press', sel: '[role="tab"].is-active', key: 'ArrowRight' },
            { do: 'press', sel: '[role="tab"].is-active', key: 'Home' },
            click(role('validate')),
            fill('input[name="name"]', 'Ada'),
            fill('input[name="email"]', 'not-an-email'),
            click(role('validate')),
            fill('input[name="email"]', 'ada@example.com'),
            click(role('validate')),
        ],
    },
    {
        path: '/animation-demo',
        steps: [click(role('replay')), click(role('replay'))],
        referenceBug: {
            from: 1,
            why: 'sprag build stores ref() elements into this.refs, which a Module lacks, so onStart throws (SPR326)',
            expect: { 1: 'Replays\\s*0', 2: 'Animation replayed' },
        },
    },
    {
        path: '/auth-demo/protected',
        note: 'anonymous visit redirects to /login, then the whole signed-in flow',
        steps: [
            fill('input[name="username"]', 'ada'),
            fill('input[name="password"]', 'analytical-engine'),
            nav('[data-role="login-form"] [type="submit"]'),
            click(role('whoami')),
            click(role('publish-report')),
            click(role('switch-profile')),
            click(role('whoami')),
            click(role('publish-report')),
            nav(role('logout')),
        ],
    },
    {
        path: '/login',
        steps: [
            fill('input[name="username"]', 'ada'),
            fill('input[name="password"]', 'wrong'),
            click('[data-role="login-form"] [type="submit"]'),
            fill('input[name="password"]', ''),
            click('[data-role="login-form"] [type="submit"]'),
            fill('input[name="password"]', 'analytical-engine'),
            nav('[data-role="login-form"] [type="submit"]'),
        ],
    },
    {
        path: '/counter',
        steps: [click(role('increment'), { times: 3 }), click(role('reset')), click(role('increment')), { do: 'goto', path: '/counter' }],
    },
    {
        path: '/cross-wired-demo',
        steps: [
            click(role('enqueue')),
            click(role('enqueue')),
            // The built server has no live SSE mirror (dev only): the jobs' results show on reload.
            { do: 'wait', ms: 2500 },
            { do: 'goto', path: '/cross-wired-demo' },
            click(role('reset')),
        ],
    },
    {
        path: '/defer-demo',
        steps: [
            click(role('start-job')),
            { do: 'waitText', text: '(?i)complete|resolved|done', timeout: 15000 },
            click(role('start-failing')),
            { do: 'waitText', text: '(?i)fail', timeout: 15000 },
        ],
        settle: { quietMs: 1500, maxMs: 15000 },
    },
    {
        path: '/form-demo',
        steps: [
            click(role('save-draft')),
            fill('input[name="title"]', 'Launch notes'),
            fill('input[name="email"]', 'bad-email'),
            click(role('save-draft')),
            fill('input[name="email"]', 'ada@example.com'),
            fill('textarea[name="summary"]', 'All the things.'),
            { do: 'select', sel: 'select[name="visibility"]', value: 'public' },
            { do: 'check', sel: 'input[name="newsletter"]' },
            click(role('save-draft')),
            click(role('toggle-autosave')),
            fill('input[name="title"]', 'Launch notes v2'),
            click(role('toggle-autosave')),
            nav('[data-role="profile-form"] [type="submit"]'),
        ],
        // Edits autosave after a 0.45 s debounce: settle only once that request is done too.
        settle: { quietMs: 700, maxMs: 8000 },
    },
    { path: '/form-demo/success?title=launch-notes', steps: [nav('a.back-link')] },
    {
        path: '/js-global-demo',
        steps: [click(role('burst')), click(role('hue-warm')), click(role('hue-cool'))],
        settle: { quietMs: 300, maxMs: 3000 },
        busy: true,
        note: 'canvas widget animates: compared after it settles or 3 s',
        normalise: [[/particles: \d+/g, 'particles: N']],
        referenceBug: {
            from: 1,
            why: 'sprag build leaves the method reference self._on_stats unbound, so the widget callback throws (SPR312)',
            expect: { 1: 'particles: N', 4: 'particles: N' },
        },
    },
    { path: '/js-module-demo', steps: [] },
    {
        path: '/metadata-demo',
        steps: [
            fill('input[name="title"]', 'A new title'),
            fill('textarea[name="description"]', 'Described here.'),
            fill('input[name="og_title"]', 'OG title'),
            fill('input[name="canonical"]', 'https://example.com/meta'),
            { do: 'check', sel: 'input[name="replace"]' },
            click(role('clear-canonical')),
            click(role('reset-meta')),
        ],
        referenceBug: {
            from: 7,
            why: 'sprag build prints "canonical: " + (canonical or "(removed)") as "canonical: " + canonical || "(removed)", losing the parentheses',
            expect: { 7: 'canonical: \\(removed\\)' },
        },
    },
    {
        path: '/nested-store-demo',
        steps: [click(role('rename')), click(role('theme')), click(role('bump'), { times: 2 }), click(role('delete')), { do: 'goto', path: '/nested-store-demo' }, click(role('reset'))],
    },
    { path: '/operation-demo', steps: [click(role('run-valid')), click(role('run-invalid')), click(role('run-valid'))] },
    { path: '/provider-demo', steps: [click(role('read-provider')), click(role('read-provider'))] },
    {
        path: '/queue-demo',
        steps: [
            click(role('enqueue')),
            { do: 'waitText', text: '(?i)completed|succeeded|done', timeout: 15000 },
            // Cancel while the job runs. Which socket signal or action result lands last is a
            // race in the app itself, so these steps are not compared; the settled state is,
            // after a reload (the server renders the session's latest job).
            click(role('enqueue'), { settle: { quietMs: 150, maxMs: 500 }, volatile: true }),
            click(role('cancel'), { volatile: true }),
            { do: 'wait', ms: 2000, volatile: true },
            { do: 'goto', path: '/queue-demo' },
        ],
        settle: { quietMs: 800, maxMs: 10000 },
        // Where the cancellation lands (25% or 50%) depends on timing.
        normalise: [[/\b\d+(\.\d+)?\s?(ms|s)\b/g, 'T'], [/\b\d+%/g, 'N%'], [/value="\d+"/g, 'value="N"'], [/Working on Job 1 \(\d\/4\)/g, 'Working on Job 1 (N/4)']],
    },
    {
        path: '/socket-demo',
        steps: [click(role('socket-ping')), click(role('socket-ping')), click(role('server-broadcast'))],
        settle: { quietMs: 500, maxMs: 6000 },
    },
    { path: '/store-demo', steps: [click(role('bump'), { times: 3 }), { do: 'goto', path: '/store-demo' }, click(role('reset'))] },
    {
        path: '/upload-demo',
        steps: [
            click('[data-role="upload-form"] [type="submit"]'),
            fill('input[name="title"]', 'Quarterly report'),
            fill('textarea[name="notes"]', 'Two files.'),
            { do: 'files', sel: 'input[name="asset"]', files: [{ name: 'report.txt', content: 'hello upload\n' }] },
            { do: 'files', sel: 'input[name="gallery"]', files: [{ name: 'a.txt', content: 'a' }, { name: 'b.txt', content: 'bb' }] },
            click('[data-role="upload-form"] [type="submit"]'),
        ],
        settle: { quietMs: 600, maxMs: 8000 },
        referenceBug: {
            from: 2,
            why: 'sprag build declares `message` inside the if/elif blocks of on_upload_progress, so every progress event throws (SPR306) and upload results are never handled; '
                + 'with the bug fixed the app\'s own race shows: the upload result and the socket-triggered status refresh arrive in either order, and the last one wins',
            // Which of the two lands last is timing: either text is what the Python means.
            expect: { 2: 'Fix the metadata and choose a primary asset', 7: 'Upload stored on the server|Uploaded report\\.txt with 2 supporting file' },
        },
    },
    { path: '/virtual-scroll', steps: [{ do: 'scroll', sel: '.vs-outer', top: 4000 }] },
    {
        path: '/watcher-demo',
        steps: [{ do: 'wait', ms: 1500 }],
        busy: true,
        settle: { quietMs: 300, maxMs: 1000 },
        normalise: DIGITS,
        note: 'watcher ticks: counts normalised',
    },
    {
        path: '/lifecycle-mount',
        steps: [click('[data-view="activity"]'), click('[data-view="settings"]'), click('[data-view="overview"]'), click('[data-view="settings"]')],
    },
];

const defaults = [
    { path: '/', steps: [nav('a[href="/about"]'), nav('a[href="/counter"]')] },
    { path: '/about', steps: [] },
    { path: '/counter', steps: [click(role('increment'), { times: 3 }), click(role('reset')), click(role('increment'))] },
];

const docs = [
    { path: '/', steps: [nav('a[href="/docs"]')] },
    { path: '/blog', steps: [nav('a[href="/blog/launching-static-docs"]')] },
    { path: '/docs', steps: [nav('a[href="/docs/getting-started"]')] },
    {
        path: '/playground',
        steps: [click('[data-lang="html"]'), click('[data-lang="css"]'), click(role('increment'), { times: 3 }), click(role('reset')), click('[data-lang="python"]')],
    },
    { path: '/blog/launching-static-docs', steps: [] },
    { path: '/blog/file-based-routing', steps: [] },
    { path: '/docs/getting-started', steps: [] },
    { path: '/docs/guides/static-deployment', steps: [] },
];

export const SCENARIOS = { labs, default: defaults, docs };
