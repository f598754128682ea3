/**
 * The palette commands (all "Interp: ..."). Each server action has one id: the palette command, the command a
 * hover card links to (`command:interp.selectDirection?[...]`) and the server's command form of its request
 * (`interp/selectDirection`) are `interp.selectDirection`, so links and the palette reach the same code: with
 * arguments they send the request at once, without them they ask first.
 * Interp: Explain Direction and Interp: Test an Explanation are in explainCommands.ts.
 */
import * as path from "path";
import * as vscode from "vscode";
import type { Ctx } from "./ctx";
import { errorMessage } from "./util";
import type { Highlighter } from "./highlighter";
import { gotoStrong } from "./navigation";
import { DirectionViews } from "./directionView";
import { pickDirection } from "./directionPick";
import { explainDirection, testExplanation } from "./explainCommands";
import * as proto from "./protocol";
import { shortModelName } from "./modelNames";

export const Commands = {
    SelectDirection: proto.selectDirection.command!.name,
    SelectHook: proto.selectHook.command!.name,
    LoadDirection: proto.loadDirection.command!.name,
    ModelInfo: proto.modelInfo.command!.name,
    SelectModel: proto.selectModel.command!.name,
    ListModels: proto.listModels.command!.name,
    Steer: proto.steer.command!.name,
    DirectionInfo: proto.directionInfo.command!.name,
    AddPositiveExample: "interp.addPositiveExample",
    AddNegativeExample: "interp.addNegativeExample",
    TrainProbe: proto.trainProbe.command!.name,
    ScanCorpus: proto.scanCorpus.command!.name,
    DirectionView: proto.directionView.command!.name,
    ExplainDirection: proto.explain.command!.name,
    TestExplanation: proto.testExplanation.command!.name,
    ToggleHighlighting: "interp.toggleHighlighting",
    RestartServer: "interp.restartServer",
    NextStrongActivation: "interp.nextStrongActivation",
    PreviousStrongActivation: "interp.previousStrongActivation",
    ShowOutput: "interp.showOutput",
} as const;

const INFO_SCHEME = "interp-info";

/** A command argument when it is a string (hover links and other commands pass them), else undefined. */
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export function registerCommands(ctx: Ctx, highlighter: Highlighter): vscode.Disposable[] {
    const info = new InfoDocuments();
    const views = new DirectionViews(ctx);
    const guarded =
        (f: (...args: unknown[]) => Promise<unknown>) =>
        async (...args: unknown[]) => {
            try {
                if (ctx.state.kind === "stopped") await ctx.start();
                return await f(...args);
            } catch (e) {
                if (e instanceof vscode.CancellationError || (e as { code?: number }).code === proto.ErrorCodes.RequestCancelled)
                    return undefined;
                void vscode.window.showErrorMessage(`InterpLsp: ${errorMessage(e)}`, "Show Output").then((b) => {
                    if (b) ctx.output.show(true);
                });
                return undefined;
            }
        };
    const reg = (id: string, f: (...args: unknown[]) => Promise<unknown>) => vscode.commands.registerCommand(id, guarded(f));

    return [
        vscode.workspace.registerTextDocumentContentProvider(INFO_SCHEME, info),
        info,
        views,
        reg(Commands.AddPositiveExample, async () => addExample(ctx, "positive")),
        reg(Commands.AddNegativeExample, async () => addExample(ctx, "negative")),
        reg(Commands.TrainProbe, async (method, name) =>
            trainProbe(ctx, views, typeof method === "string" ? method : undefined, typeof name === "string" ? name : undefined),
        ),
        reg(Commands.ScanCorpus, async (id, corpus) =>
            scanCorpus(ctx, views, typeof id === "string" ? id : undefined, typeof corpus === "string" ? corpus : undefined),
        ),
        reg(Commands.DirectionView, async (id) => {
            const d = typeof id === "string" ? id : await pickDirection(ctx, "Interp: Open Direction View");
            if (d) await views.show(d);
        }),
        reg(Commands.ExplainDirection, async (id, corpus) => explainDirection(ctx, views, str(id), str(corpus))),
        reg(Commands.TestExplanation, async (id, kind, value) => testExplanation(ctx, views, str(id), str(kind), str(value))),
        reg(Commands.SelectDirection, async (id) => selectDirection(ctx, typeof id === "string" ? id : undefined)),
        reg(Commands.SelectHook, async (hook) => selectHook(ctx, typeof hook === "string" ? hook : undefined)),
        reg(Commands.LoadDirection, async (spec) => loadDirection(ctx, typeof spec === "string" ? spec : undefined)),
        reg(Commands.ModelInfo, async () => {
            const m = await ctx.run(proto.modelInfo, {}, "Interp: reading the model");
            if (m) await info.show("Model info.md", modelInfoMarkdown(m, ctx.selection?.hook));
        }),
        reg(Commands.SelectModel, async (model) => selectModel(ctx, str(model))),
        reg(Commands.Steer, async (id, prompt, alpha) => steerGeneration(ctx, str(id), str(prompt), typeof alpha === "number" ? alpha : undefined)),
        reg(Commands.ListModels, async () => {
            const list = await ctx.run(proto.listModels, {}, "Interp: looking for models");
            if (list) await info.show("Models.md", modelListMarkdown(list));
        }),
        reg(Commands.DirectionInfo, async (id) => directionInfo(ctx, typeof id === "string" ? id : undefined)),
        vscode.commands.registerCommand(Commands.ToggleHighlighting, () => {
            highlighter.setEnabled(!highlighter.enabled);
            vscode.window.setStatusBarMessage(`Interp: highlighting ${highlighter.enabled ? "on" : "off"}`, 3000);
        }),
        vscode.commands.registerCommand(Commands.RestartServer, async () => {
            ctx.log("restart requested");
            await ctx.restart();
        }),
        vscode.commands.registerCommand(Commands.ShowOutput, () => ctx.output.show(true)),
        reg(Commands.NextStrongActivation, () => gotoStrong(ctx, highlighter, 1)),
        reg(Commands.PreviousStrongActivation, () => gotoStrong(ctx, highlighter, -1)),
    ];
}

/** The active editor's selection (non-empty) as an example, with where it came from. */
async function addExample(ctx: Ctx, label: "positive" | "negative"): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const sel = editor?.selection;
    const text = editor && sel && !sel.isEmpty ? editor.document.getText(sel) : "";
    if (!editor || !text.trim()) throw new Error(`select some text first: the selection becomes a ${label} example`);
    const source = `${editor.document.uri.toString()}#L${sel!.start.line + 1}C${sel!.start.character + 1}`;
    const set = await ctx.run(proto.addExample, { text, label, source });
    if (!set) return;
    const b = await vscode.window.showInformationMessage(
        `Interp: ${set.positives} positive and ${set.negatives} negative examples in ${set.path}`,
        ...(set.positives > 0 && set.negatives > 0 ? ["Train Probe"] : []),
    );
    if (b === "Train Probe") await vscode.commands.executeCommand(Commands.TrainProbe);
}

const METHODS = [
    { label: "logistic", detail: "logistic regression, L2 strength chosen by cross-validation (default)" },
    { label: "mass-mean", detail: "difference of class means (Marks & Tegmark)" },
    { label: "mass-mean-cov", detail: "difference of means, covariance-corrected" },
    { label: "pca-diff", detail: "contrast pairs: first principal component of positive − negative (repeng)" },
];

async function trainProbe(ctx: Ctx, views: DirectionViews, method: string | undefined, name: string | undefined): Promise<void> {
    if (!method) {
        const pick = await vscode.window.showQuickPick(METHODS, { title: "Interp: Train Probe from the examples", placeHolder: "Method" });
        if (!pick) return;
        method = pick.label;
    }
    if (!name) {
        name = await vscode.window.showInputBox({
            title: "Interp: Train Probe",
            prompt: "Name in the workspace's direction library",
            value: "probe",
            validateInput: (v) => proto.libraryNameProblem(v),
        });
        if (!name) return;
        name = name.trim();
    }
    const t = await ctx.run(proto.trainProbe, { method, name }, `Interp: training ${name} (${method})`);
    if (!t) return;
    const r = t.report;
    const warn = r.warnings.length ? ` · ${r.warnings.join("; ")}` : "";
    const b = await vscode.window.showInformationMessage(
        `Interp: ${t.direction.name} trained (${r.method}, ${r.pooling}) · ` +
            (r.accuracy == null
                ? `no held-out scores (n_train ${r.nTrain})`
                : `held-out accuracy ${fmt(r.accuracy)}, AUROC ${fmt(r.auroc)}, F1 ${fmt(r.f1)}, selectivity ${fmt(r.selectivity)} ` +
                  `(n_train ${r.nTrain}, n_test ${r.nTest})`) +
            warn,
        "Scan Corpus",
        "Open View",
    );
    if (b === "Scan Corpus") await scanCorpus(ctx, views, t.direction.id, undefined);
    else if (b === "Open View") await views.show(t.direction.id);
}

const fmt = (v: number | null | undefined): string => (v == null ? "n/a" : v.toFixed(3));

async function scanCorpus(ctx: Ctx, views: DirectionViews, id: string | undefined, corpus: string | undefined): Promise<void> {
    id ??= ctx.selection?.direction?.id ?? (await pickDirection(ctx, "Interp: Scan Corpus"));
    if (!id) return;
    if (!corpus) {
        const pick = await vscode.window.showQuickPick(
            [
                { label: "default", detail: "the Brown Corpus (natural edited English, 15 genres): a fixed sample of 6,000 sentences (ships with InterpLsp)" },
                { label: "workspace", detail: "the text files of this workspace folder" },
                { label: "brown", detail: "all 500 texts of the Brown Corpus" },
                { label: "wordnet", detail: "WordNet 3.1 glosses and examples (dictionary definitions): a fixed sample of 20,000 sentences" },
                { label: "$(file) A JSONL file or folder…", detail: "one {\"text\": ...} per line, or a folder of text files", browse: true },
            ],
            { title: "Interp: Scan Corpus", placeHolder: "Corpus" },
        );
        if (!pick) return;
        if ("browse" in pick) {
            const uris = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, openLabel: "Scan" });
            if (!uris?.length) return;
            corpus = uris[0].fsPath;
        } else corpus = pick.label;
    }
    const s = await ctx.run(proto.scanCorpus, { id, corpus }, `Interp: scanning ${corpus}`);
    if (!s) return;
    const warn = s.warnings.length ? ` · ${s.warnings.join("; ")}` : "";
    const b = await vscode.window.showInformationMessage(
        `Interp: scanned ${s.corpus}: ${s.documents} texts, ${s.tokens} tokens in ${s.seconds.toFixed(1)} s` +
            `${s.fromStore ? " (hidden states from the activation store)" : ""}${warn}`,
        "Open View",
    );
    if (b === "Open View") await views.show(id);
}

type DirectionPick = vscode.QuickPickItem & { id?: string; load?: boolean };

async function selectDirection(ctx: Ctx, id: string | undefined): Promise<void> {
    if (!id) {
        const list = await ctx.request(proto.listDirections, {});
        const items: DirectionPick[] = list.directions.map((d) => ({
            label: `${d.id === list.active ? "$(check) " : ""}${d.name}`,
            description: `${d.kind} · ${d.hook}`,
            detail: d.source ?? undefined,
            id: d.id,
        }));
        items.push({ label: "", kind: vscode.QuickPickItemKind.Separator }, { label: "$(add) Load direction from file…", load: true });
        const pick = await vscode.window.showQuickPick(items, {
            title: "Interp: Select Direction",
            placeHolder: list.directions.length ? "Direction to colour the text by" : "No direction is loaded yet",
            matchOnDescription: true,
        });
        if (!pick) return;
        if (pick.load) return loadDirection(ctx, undefined);
        id = pick.id!;
    }
    // The server answers with the new selection and sends it as interp/selectionChanged (the status bar's
    // source), then one interp/activationsChanged per document (the highlighter's): nothing to fetch here.
    const s = await ctx.run(proto.selectDirection, { id });
    if (s?.direction) vscode.window.setStatusBarMessage(`Interp: ${s.direction.name} at ${s.hook}`, 3000);
}

/** Picks a model (the embedded one, interp.modelFolders, the local Hugging Face cache, or a folder chosen now) and
 * loads it; the status bar and the colours follow the server's notifications. */
async function selectModel(ctx: Ctx, model: string | undefined): Promise<void> {
    if (!model) {
        const list = await ctx.run(proto.listModels, {}, "Interp: looking for models");
        if (!list) return;
        const items: (vscode.QuickPickItem & { model?: string })[] = list.models.map((m) => ({
            label: `${m.model === list.active || `hf:${m.path}` === list.active ? "$(check) " : ""}${m.name}`,
            description: [m.source === "cache" ? "Hugging Face cache" : m.source, m.architecture, m.loaded ? "loaded" : undefined]
                .filter(Boolean)
                .join(" · "),
            detail: m.path ?? undefined,
            model: m.model,
        }));
        items.push({ label: "$(folder-opened) Open a model folder…", detail: "a Hugging Face folder: config.json, model.safetensors, tokenizer.json" });
        const pick = await vscode.window.showQuickPick(items, {
            title: "Interp: Select Model",
            placeHolder: `Models found: the embedded one, interp.modelFolders and ${list.cache}`,
            matchOnDetail: true,
        });
        if (!pick) return;
        model = pick.model;
        if (!model) {
            const uris = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, openLabel: "Use this model" });
            if (!uris?.[0]) return;
            model = uris[0].fsPath;
        }
    }
    const s = await ctx.run(proto.selectModel, { model }, `Interp: loading ${path.basename(model)}`);
    if (s) vscode.window.setStatusBarMessage(`Interp: ${shortModelName(s.model)} at ${s.hook}`, 4000);
}

/**
 * Interp: Steer Generation: continues a prompt (the selection, or one typed in) with alpha * d added at the direction's
 * residual hook, beside the unsteered continuation, in a Markdown document beside the editor that fills in as the
 * tokens arrive (interp/steerText); Cancel on the progress notification stops it.
 */
async function steerGeneration(ctx: Ctx, id: string | undefined, prompt: string | undefined, alpha: number | undefined): Promise<void> {
    const direction = id ?? (await pickDirection(ctx, "Interp: Steer Generation"));
    if (!direction) return;
    if (prompt === undefined) {
        const editor = vscode.window.activeTextEditor;
        const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : "";
        prompt = await vscode.window.showInputBox({ title: "Interp: Steer Generation", prompt: "The prompt to continue", value: selected || "I think that" });
        if (!prompt) return;
    }
    if (alpha === undefined) {
        const a = await vscode.window.showInputBox({
            title: "Interp: Steer Generation",
            prompt: "alpha: how much of the direction to add at every position (negative subtracts it)",
            value: "8",
            validateInput: (v) => (v.trim() !== "" && Number.isFinite(Number(v)) ? undefined : "Enter a number"),
        });
        if (a === undefined) return;
        alpha = Number(a);
    }
    const render = (unsteered: string, steered: string, status: string) =>
        [
            `# Steering: ${direction}, alpha ${alpha}`,
            "",
            `*${status}*`,
            "",
            "## Unsteered",
            "",
            "```text",
            prompt + unsteered,
            "```",
            "",
            "## Steered",
            "",
            "```text",
            prompt + steered,
            "```",
            "",
        ].join("\n");
    const doc = await vscode.workspace.openTextDocument({ language: "markdown", content: render("", "", "generating… (greedy, 32 tokens each)") });
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
    let queue = Promise.resolve();
    const show = (text: string) => {
        queue = queue.then(async () => {
            await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
        });
    };
    const sub = ctx.onSteerText((p) => show(render(p.unsteered, p.steered, p.done ? "done" : "generating…")));
    try {
        const r = await ctx.run(proto.steer, { id: direction, prompt, alpha, tokens: 32, temperature: 0, seed: 0 }, "Interp: steering generation");
        if (r) show(render(r.unsteered, r.steered, `done: ${r.stop}; alpha ${r.alpha} at ${r.hook}`));
    } finally {
        sub.dispose();
    }
    await queue;
}

function modelListMarkdown(list: proto.ModelList): string {
    const rows = list.models.map(
        (m) => `| ${m.model === list.active || `hf:${m.path}` === list.active ? "**" + m.name + "**" : m.name} | ${m.source} | ${m.architecture ?? ""} | ${m.loaded ? "yes" : ""} | ${m.path ?? ""} |`,
    );
    return [
        "# Models",
        "",
        `Active: \`${list.active}\`. Searched: the embedded model, \`interp.modelFolders\` and the Hugging Face cache \`${list.cache}\` (nothing is downloaded).`,
        "",
        "| name | source | architecture | loaded | folder |",
        "|---|---|---|---|---|",
        ...rows,
        "",
    ].join("\n");
}

async function selectHook(ctx: Ctx, hook: string | undefined): Promise<void> {
    if (!hook) {
        const m = await ctx.run(proto.modelInfo, {}, "Interp: reading the model");
        if (!m) return;
        const active = ctx.selection?.hook;
        const pick = await vscode.window.showQuickPick(
            m.hooks.map((h) => ({
                label: `${h.name === active ? "$(check) " : ""}${h.name}`,
                description: `width ${h.width}`,
                detail: h.description ?? undefined,
                hook: h.name,
            })),
            { title: "Interp: Select Hook", placeHolder: `Hook point of ${m.name} (TransformerLens names)`, matchOnDetail: true },
        );
        if (!pick) return;
        hook = pick.hook;
    }
    // As for Select Direction: the status bar and the colours follow the server's notifications.
    const s = await ctx.run(proto.selectHook, { hook }, `Interp: switching to ${hook}`);
    if (s) vscode.window.setStatusBarMessage(`Interp: hook ${s.hook}`, 3000);
}

async function loadDirection(ctx: Ctx, spec: string | undefined): Promise<void> {
    if (!spec) {
        const how = await vscode.window.showQuickPick(
            [
                { label: "$(file) From a file…", detail: "probe JSON, SAEDashboard vectors JSON, numpy .npy, safetensors", file: true },
                { label: "$(symbol-numeric) From a spec…", detail: "neuron:blocks.3.mlp.hook_post:123, vectors.json#2, sae#12, v.npy@blocks.2.hook_resid_post", file: false },
            ],
            { title: "Interp: Load Direction" },
        );
        if (!how) return;
        if (how.file) {
            const root = ctx.workspaceRoot();
            const uris = await vscode.window.showOpenDialog({
                canSelectMany: false,
                openLabel: "Load direction",
                defaultUri: root ? vscode.Uri.file(root) : undefined,
                filters: { Directions: ["json", "npy", "safetensors"], "All files": ["*"] },
            });
            if (!uris?.length) return;
            spec = uris[0].fsPath;
        } else {
            spec = await vscode.window.showInputBox({
                title: "Interp: Load Direction",
                prompt: "A direction spec: a file (relative to the workspace), file#row, file@hook, or neuron:HOOK:INDEX",
                placeHolder: "neuron:blocks.3.mlp.hook_post:123",
                validateInput: (v) => (v.trim() ? undefined : "Enter a spec"),
            });
            if (!spec) return;
            spec = spec.trim();
        }
    }
    try {
        const s = await ctx.run(proto.loadDirection, { spec }, `Interp: loading ${path.basename(spec)}`);
        const d = s?.direction;
        if (d) vscode.window.setStatusBarMessage(`Interp: loaded ${d.name} (${d.kind} at ${d.hook})`, 4000);
    } catch (e) {
        if ((e as { code?: number }).code === proto.ErrorCodes.RequestCancelled) return;
        throw new Error(`could not load the direction ${spec}: ${errorMessage(e)}`);
    }
}

async function directionInfo(ctx: Ctx, id: string | undefined): Promise<void> {
    if (!id) {
        const list = await ctx.request(proto.listDirections, {});
        const pick = await vscode.window.showQuickPick(
            list.directions.map((d) => ({ label: d.name, description: d.hook, id: d.id })),
            { title: "Interp: Show Direction Info" },
        );
        if (!pick) return;
        id = pick.id;
    }
    const d = await ctx.run(proto.directionInfo, { id });
    if (!d) return;
    const text =
        `${d.name}: ${d.kind} at ${d.hook} of ${d.model}, width ${d.width}` +
        (d.source ? `, from ${d.source}` : "") +
        (d.reading ? ` (${d.reading})` : "") +
        ` (hash ${d.hash.slice(0, 12)})` +
        (d.active ? " (active)" : "");
    const b = await vscode.window.showInformationMessage(text, ...(d.active ? [] : ["Select"]));
    if (b === "Select") await selectDirection(ctx, d.id);
}

/** The model info document; `activeHook` from the current selection, when known. */
export function modelInfoMarkdown(m: proto.ModelInfo, activeHook: string | undefined): string {
    const lines = [
        `# ${m.name}`,
        "",
        `\`${m.id}\` · ${m.architecture} · ${m.layers} layers · width ${m.width} · vocabulary ${m.vocabSize} · ${m.maxPositions} positions · loaded in ${m.loadSeconds.toFixed(2)} s`,
        "",
        ...(activeHook ? [`Active hook: \`${activeHook}\``, ""] : []),
        "| hook | layer | width | description |",
        "|---|---:|---:|---|",
        ...m.hooks.map((h) => `| \`${h.name}\` | ${h.layer} | ${h.width} | ${(h.description ?? "").replace(/\|/g, "\\|")} |`),
        "",
    ];
    return lines.join("\n");
}

/** Read-only documents for command output (model info). */
class InfoDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
    private readonly texts = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.texts.get(uri.path) ?? "";
    }

    async show(name: string, text: string): Promise<void> {
        const uri = vscode.Uri.from({ scheme: INFO_SCHEME, path: "/" + name });
        this.texts.set(uri.path, text);
        this.changed.fire(uri);
        // Rendered by VS Code's Markdown preview when it is there, else shown as text.
        try {
            await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
        } catch {
            const doc = await vscode.workspace.openTextDocument(uri);
            await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
        }
    }

    dispose(): void {
        this.changed.dispose();
    }
}
