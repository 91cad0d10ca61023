/**
 * Writes the cross-runtime fixtures: feature ids and `support` model predictions computed in Node, which the Node
 * tests and the workerd tests both compare against (so Node and workerd agree with each other).
 * Run after changing the featurizer or retraining the support model:
 *   npx tsx test/node/models/write-fixtures.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createNodeGraphRunner, readModelDirectory } from "../../../models/eval/node-runtime.js";
import { featurize } from "../../../models/shared/featurizer.js";
import { createIntentClassifier } from "../../../models/shared/intent-classifier.js";
import { FEATURIZER_TEXTS, PREDICTION_TEXTS } from "./fixture-texts.js";

const fixtures = new URL("../../fixtures/models/", import.meta.url);
const supportDirectory = fileURLToPath(new URL("../../../models/support/", import.meta.url));

const model = readModelDirectory(supportDirectory);
const featurizer = model.config.featurizer;
const featurizerCases = FEATURIZER_TEXTS.map((text) => ({ text, ids: Array.from(featurize(text, featurizer)) }));
writeFileSync(new URL("featurizer-cases.json", fixtures), `${JSON.stringify({ featurizer, cases: featurizerCases })}\n`);

const classifier = createIntentClassifier(model.config, await createNodeGraphRunner(model.onnx));
const predictions = [];
for (const text of PREDICTION_TEXTS) predictions.push({ text, ...(await classifier.predict(text)) });
writeFileSync(new URL("support-predictions.json", fixtures), `${JSON.stringify({ modelVersion: model.config.version, predictions }, null, 1)}\n`);
console.log(`wrote ${featurizerCases.length} featurizer cases and ${predictions.length} predictions of ${model.config.version}`);
