/**
 * Examples, probes, scans and the direction view: server/InterpLsp.Lsp/Protocol/InterpProtocol.ProbeRuns.cs.
 */
import { messagesOf, opt, req, type Schema, type WorkDoneParams } from "./schema";
import type { HypothesisResult } from "./explanations";
import type { DirectionIdParams, DirectionInfo } from "./selection";

export interface AddExampleParams extends WorkDoneParams {
    text: string;
    /** "positive" or "negative". */
    label: string;
    /** Where the text came from (a file and line), kept beside it. */
    source?: string | null;
}

export interface TrainProbeParams extends WorkDoneParams {
    /** "logistic" (also when absent), "pca-diff" or "mass-mean". */
    method?: string | null;
    /** The probe's library name ("probe" when absent). */
    name?: string | null;
}

/** A direction and a corpus ("default", the Brown sample, when absent; "brown" or "all", "wordnet", "wordnet-all", "workspace", or a path). */
export interface CorpusParams extends DirectionIdParams {
    corpus?: string | null;
}

/** What `interp.addExample` answers: the workspace's example set after the addition. */
export interface ExampleSetInfo {
    /** The dataset file (JSONL, in the workspace's `.interp/datasets/`). */
    path: string;
    positives: number;
    negatives: number;
}

/** A probe's held-out report (field-anchors.md definitions). */
export interface ProbeReportInfo {
    method: string;
    pooling: string;
    hook: string;
    /** Null when the examples are too few for a held-out split (then so are the other scores). */
    accuracy?: number | null;
    auroc?: number | null;
    f1?: number | null;
    /** Accuracy minus the accuracy of the same method trained on shuffled labels. */
    selectivity?: number | null;
    nTrain: number;
    nTest: number;
    /** Rows whose text was already in the data (every copy of a text stays on one side of the split). */
    nDuplicateRows: number;
    warnings: string[];
}

/** What `interp.trainProbe` answers: the stored probe (now the active direction) and its report. */
export interface TrainedProbe {
    direction: DirectionInfo;
    report: ProbeReportInfo;
}

/** What `interp.scanCorpus` answers once the scan is stored in the library. */
export interface ScanSummary {
    direction: string;
    corpus: string;
    documents: number;
    tokens: number;
    seconds: number;
    /** True when the hidden states came from the activation store (no forward pass). */
    fromStore: boolean;
    warnings: string[];
}

/** A direction to show, and optionally a hypothesis tested on it (interp/testExplanation's result) to show above its stored explanation. */
export interface DirectionViewParams extends DirectionIdParams {
    hypothesis?: HypothesisResult | null;
}

/** The direction view: the same HTML as `interp-lsp report`. */
export interface DirectionView {
    id: string;
    title: string;
    html: string;
}

/** The proberun types by the names the manifest gives them. */
export interface ProbeRunTypes {
    AddExampleParams: AddExampleParams;
    TrainProbeParams: TrainProbeParams;
    CorpusParams: CorpusParams;
    ExampleSetInfo: ExampleSetInfo;
    ProbeReportInfo: ProbeReportInfo;
    TrainedProbe: TrainedProbe;
    ScanSummary: ScanSummary;
    DirectionViewParams: DirectionViewParams;
    DirectionView: DirectionView;
}

/** The fields of the proberun types at run time (checked against the interfaces by the compiler). */
export const probeRunSchemas = {
    AddExampleParams: { workDoneToken: opt, text: req, label: req, source: opt } satisfies Schema<AddExampleParams>,
    TrainProbeParams: { workDoneToken: opt, method: opt, name: opt } satisfies Schema<TrainProbeParams>,
    CorpusParams: { workDoneToken: opt, id: req, corpus: opt } satisfies Schema<CorpusParams>,
    ExampleSetInfo: { path: req, positives: req, negatives: req } satisfies Schema<ExampleSetInfo>,
    ProbeReportInfo: {
        method: req,
        pooling: req,
        hook: req,
        accuracy: opt,
        auroc: opt,
        f1: opt,
        selectivity: opt,
        nTrain: req,
        nTest: req,
        nDuplicateRows: req,
        warnings: req,
    } satisfies Schema<ProbeReportInfo>,
    TrainedProbe: { direction: req, report: req } satisfies Schema<TrainedProbe>,
    ScanSummary: {
        direction: req,
        corpus: req,
        documents: req,
        tokens: req,
        seconds: req,
        fromStore: req,
        warnings: req,
    } satisfies Schema<ScanSummary>,
    DirectionViewParams: { workDoneToken: opt, id: req, hypothesis: opt } satisfies Schema<DirectionViewParams>,
    DirectionView: { id: req, title: req, html: req } satisfies Schema<DirectionView>,
} as const satisfies { [N in keyof ProbeRunTypes]: Schema<ProbeRunTypes[N]> };

const m = messagesOf<ProbeRunTypes>();

/** Adds text (an editor selection) to the workspace's example set as a "positive" or "negative" example. */
export const addExample = m.action("addExample", "AddExampleParams", "ExampleSetInfo", ["text", "label", "source"]);
/** Trains a probe from the workspace's example set, stores it in the library and makes it active. */
export const trainProbe = m.action("trainProbe", "TrainProbeParams", "TrainedProbe", ["method", "name"]);
/** Scans a corpus ("default", also when absent, "brown" or "all", "wordnet", "wordnet-all", "workspace", or a path) for a direction, in the background class. */
export const scanCorpus = m.action("scanCorpus", "CorpusParams", "ScanSummary", ["id", "corpus"]);
/** The direction view's HTML; with a tested hypothesis, the page shows it above the stored explanation. */
export const directionView = m.action("directionView", "DirectionViewParams", "DirectionView", ["id"]);

export const probeRunRequests = { addExample, trainProbe, scanCorpus, directionView } as const;
