/**
 * The `inference` section of a scenario: which trained model is deployed (trained here on MNIST
 * and cached), where it is split, which edge servers run the rest behind which queue, and the
 * requests terminals send. Its zod schema is assembled from the arrival and queue registries.
 * @module
 */
import { z } from 'zod';
import { arrivalSpecSchema, type ArrivalSpec } from './arrivals.js';
import { queueSpecSchema, type QueueSpec } from './queues.js';
import { deploymentSolverSchema } from './optimize/index.js';
import type { OptimizerSpec } from './plan.js';
import type { ExitsSpec } from './exitsVariant.js';
import type { InferenceHandoverPolicy } from './request.js';
import type { ActivationBits } from './quantize.js';

/** Where a terminal's model is split, and how the activation travels. */
export interface SplitChoice {
  /** layers run on the terminal: a number 0..n, `device` (all: n) or `edge` (none: 0); default `edge` */
  split?: number | 'device' | 'edge';
  /** activation precision on the wire (real uniform quantization of the real activation); default 32 */
  activationBits?: ActivationBits;
  /** reserved share b ∈ (0, 1] of the server's processor (with the `reserved` queue); default the queue's `defaultShare` */
  share?: number;
  /** the pruned variant deployed: its rate, one of `model.pruning.rates` (0: the trained model); default 0 */
  pruning?: number;
}

/** Pruned variants of the deployed model (`model.pruning`), each fine-tuned and its accuracy measured. */
export interface PruningSpec {
  /** `structured` (neurons removed: fewer FLOPs and smaller activations; dense models) or `magnitude` (weights zeroed; same FLOPs); default `structured` */
  kind?: 'structured' | 'magnitude';
  /** the pruning rates c ∈ (0, 1) to prepare */
  rates: number[];
  /** fine-tuning epochs after pruning; default 1 */
  fineTuneEpochs?: number;
}

/** How terminals are deployed. */
export interface DeploymentSpec extends SplitChoice {
  /** per terminal id: its own choice */
  perTerminal?: Record<string, SplitChoice>;
  /** `fixed` (the choices above; default) or `optimize` (the eq. 5 optimizer picks each terminal's split and reserved share when serving starts; the queue defaults to `reserved`) */
  plan?: 'fixed' | 'optimize';
  /** the optimizer's settings, with `plan: 'optimize'` */
  optimizer?: OptimizerSpec;
}

/** The model deployed: trained once on MNIST (centralised SGD) and cached under `out/cache/models`. */
export interface InferenceModelSpec {
  /** model registry name (`2nn`, `cnn`, `cnn-deep`, …) */
  name: string;
  /** training examples (of MNIST's training split); default 5 000 */
  trainExamples?: number;
  /** test examples requests carry (of MNIST's test split); default 1 000 */
  testExamples?: number;
  /** passes over the training examples; default 2 */
  epochs?: number;
  /** minibatch size; default 50 */
  batchSize?: number;
  /** learning rate; default 0.05 */
  learningRate?: number;
  /** pruned variants to prepare (deployments choose one by `pruning`; the optimizer chooses among all); default none */
  pruning?: PruningSpec;
  /** side exits (BranchyNet) added to a dense model and trained jointly; requests leave early by entropy; default none */
  exits?: ExitsSpec;
}

/** Requests of some terminals. */
export interface InferenceWorkloadSpec {
  /** the terminals issuing them; default every terminal */
  terminals?: string[];
  /** when they arrive (`poisson`, `periodic`, `trace`; see `edgesim list`) */
  arrivals: ArrivalSpec;
  /** deadline after arrival (s); default none */
  deadlineS?: number;
  /** priority at the server (lower first, with the `priority` queue); default 0 */
  priority?: number;
}

/** The `inference` section. */
export interface InferenceSpec {
  /** the model deployed */
  model: InferenceModelSpec;
  /** the edge servers (nodes running the edge part); default every edge node */
  servers?: string[];
  /** the servers' queue (`fifo`, `priority`, `batch`); default `{ name: 'fifo' }` */
  queue?: QueueSpec;
  /** fixed time of each computation on a server (s); default 0 */
  overheadS?: number;
  /** the requests */
  workload: InferenceWorkloadSpec[];
  /** the deployment: a split for every terminal, overridden per terminal, or planned by the eq. 5 optimizer */
  deployment?: DeploymentSpec;
  /** bits of the result sent back (class and score); default 64 */
  resultBits?: number;
  /** a request whose transfer a handover cuts: `drop` (lost) or `forward` (sent again through the new serving edge); default `drop` */
  onHandover?: InferenceHandoverPolicy;
}

const positiveInt = (what: string) => z.number().int({ message: `expected a whole number of ${what}` }).positive({ message: `expected at least one ${what.replace(/s$/, '')}` }).max(1e7);
const splitChoice = {
  split: z.union([z.number().int({ message: 'expected a whole number of layers' }).min(0, { message: 'expected a split point ≥ 0' }), z.enum(['device', 'edge'])]).optional(),
  activationBits: z.union([z.literal(32), z.literal(16), z.literal(8)], { message: 'expected 32, 16 or 8 bits' }).optional(),
  share: z.number().gt(0, { message: 'expected a share in (0, 1]' }).max(1, { message: 'expected a share in (0, 1]' }).optional(),
  pruning: z.number().min(0, { message: 'expected a pruning rate in [0, 1)' }).lt(1, { message: 'expected a pruning rate in [0, 1)' }).optional(),
};

/** The schema of the `inference` section. */
export const inferenceSchema: z.ZodType = z.strictObject({
  model: z.strictObject({
    name: z.string().min(1),
    trainExamples: positiveInt('examples').optional(),
    testExamples: positiveInt('examples').optional(),
    epochs: positiveInt('epochs').max(1000).optional(),
    batchSize: positiveInt('examples').optional(),
    learningRate: z.number().positive({ message: 'expected a learning rate > 0' }).max(100).optional(),
    pruning: z
      .strictObject({
        kind: z.enum(['structured', 'magnitude']).optional(),
        rates: z.array(z.number().gt(0, { message: 'expected a pruning rate in (0, 1)' }).lt(1, { message: 'expected a pruning rate in (0, 1)' })).min(1, { message: 'expected at least one rate' }),
        fineTuneEpochs: z.number().int().min(0).max(100).optional(),
      })
      .optional(),
    exits: z
      .strictObject({
        after: z.array(z.number().int({ message: 'expected a whole number of layers' }).min(1, { message: 'expected a side exit after layer 1 or later' })).min(1, { message: 'expected at least one side exit' }),
        threshold: z.union([z.number().min(0), z.array(z.number().min(0))]).optional(),
        epochs: z.number().int().min(0).max(100).optional(),
        lossWeights: z.array(z.number().min(0)).optional(),
      })
      .optional(),
  }),
  servers: z.array(z.string().min(1)).min(1, { message: 'expected at least one server' }).optional(),
  queue: queueSpecSchema.optional(),
  overheadS: z.number().min(0, { message: 'expected an overhead ≥ 0 s' }).finite().optional(),
  workload: z
    .array(
      z.strictObject({
        terminals: z.array(z.string().min(1)).min(1, { message: 'expected at least one terminal' }).optional(),
        arrivals: arrivalSpecSchema,
        deadlineS: z.number().positive({ message: 'expected a deadline > 0 s' }).finite().optional(),
        priority: z.number().finite().optional(),
      }),
    )
    .min(1, { message: 'expected at least one workload entry' }),
  deployment: z
    .strictObject({
      ...splitChoice,
      perTerminal: z.record(z.string(), z.strictObject(splitChoice)).optional(),
      plan: z.enum(['fixed', 'optimize']).optional(),
      optimizer: z
        .strictObject({
          solver: deploymentSolverSchema.optional(),
          weights: z.strictObject({ energyPerJ: z.number().min(0).finite().optional(), latencyPerS: z.number().min(0).finite().optional(), sharePerUnit: z.number().min(0).finite().optional() }).optional(),
          shares: z.array(z.number().gt(0, { message: 'expected a share in (0, 1]' }).max(1, { message: 'expected a share in (0, 1]' })).min(1).optional(),
          maxEnergyJ: z.number().positive().optional(),
          maxLatencyS: z.number().positive().optional(),
          maxShare: z.number().gt(0).max(1).optional(),
          minAccuracy: z.number().min(0).max(1).optional(),
        })
        .optional(),
    })
    .optional(),
  resultBits: z.number().min(0).finite().optional(),
  onHandover: z.enum(['drop', 'forward']).optional(),
});

/** The defaults of the `inference` section's optional fields. */
export interface InferenceDefaults {
  /** training examples of the deployed model */
  trainExamples: number;
  /** test examples requests carry */
  testExamples: number;
  /** training epochs */
  epochs: number;
  /** training minibatch size */
  batchSize: number;
  /** training learning rate */
  learningRate: number;
  /** the servers' queue */
  queue: QueueSpec;
  /** fixed time per server computation (s) */
  overheadS: number;
  /** result size (bits) */
  resultBits: number;
  /** handover policy */
  onHandover: InferenceHandoverPolicy;
  /** split point */
  split: 'edge';
  /** activation precision */
  activationBits: ActivationBits;
}

/** Defaults of the `inference` section. */
export const INFERENCE_DEFAULTS: Readonly<InferenceDefaults> = {
  trainExamples: 5000,
  testExamples: 1000,
  epochs: 2,
  batchSize: 50,
  learningRate: 0.05,
  queue: { name: 'fifo' },
  overheadS: 0,
  resultBits: 64,
  onHandover: 'drop',
  split: 'edge',
  activationBits: 32,
};
