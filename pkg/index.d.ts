export { compile, compileProject, compileServer, version } from './web/spragc.js';
export type {
    CompileOptions,
    ProjectOptions,
    SourceMapOption,
    OutputFile,
    Severity,
    Diagnostic,
    CompileResult,
    ProjectResult,
    Manifest,
    ManifestClass,
    ManifestRoute,
    ManifestMount,
    ManifestAction,
} from './web/spragc.js';
