// Public surface of the workload layer (trace importers, statistics, conversion). Re-exports only.
export * from './records.ts';
export { DiagnosticSink, DEFAULT_MAX_ERRORS } from './diagnostics.ts';
export { TRACE_CODES, type TraceCode } from './messages.ts';
export {
  GOOGLE_SCALE, ALIBABA_2018_SCALE, ALIBABA_2017_SCALE, SWF_SCALE, NATIVE_SCALE, formatMilli, type ScaleFactors,
} from './units.ts';
export { googleBand2011, googleBand2019 } from './priority.ts';
export { TRACE_FORMATS, readAll, type TraceFormat, type TraceReader, type ReaderOptions } from './traces/reader.ts';
export { openTrace, readerFor, listTraceFiles, type OpenOptions } from './traces/open-trace.ts';
export { detectTrace, TABLES, type Detection } from './traces/detect.ts';
export { readGoogle2011 } from './traces/google-2011.ts';
export { readGoogle2019 } from './traces/google-2019.ts';
export { readAlibaba2018 } from './traces/alibaba-2018.ts';
export { readAlibaba2017 } from './traces/alibaba-2017.ts';
export { readSwf } from './traces/swf.ts';
export { readNativeCsv } from './traces/native-csv.ts';
export { NATIVE_COLUMNS, NATIVE_HEADER, formatNativeRow } from './traces/native-csv-format.ts';
export { StatsCollector, type TraceStats } from './stats.ts';
export { inspectTrace, formatInspect, type InspectResult, type InspectedFile } from './inspect.ts';
export { convertTrace, type ConvertOptions, type ConvertResult } from './convert.ts';
