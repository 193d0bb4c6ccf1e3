/**
 * edgesim: discrete-event simulation of deep-model training and deployment across IoT and mobile
 * edge networks. Scenario files import {@link defineScenario} from here; programs can also drive
 * the engine ({@link Simulator}) and run scenarios ({@link simulate}) directly.
 * @packageDocumentation
 */
export { defineScenario } from './scenario/define.js';
export type { CpuSpec, ScenarioSpec, Scenario, ScenarioNode, ScenarioLink, ScenarioWiredLink, ScenarioWirelessLink, ScenarioComputeTask, ScenarioSendTask, ScenarioBroadcastTask, BroadcastTaskSpec, NodeSpec, TraceNodesSpec, LinkSpec, TaskSpec, TaskBase, ComputeTaskSpec, SendTaskSpec, Vec3M, AcceleratorSpec, ReportSpec } from './scenario/types.js';
export { validateScenario, formatPath, ScenarioError, type ScenarioIssue } from './scenario/validate.js';
export { loadScenario, importScenarioModule, type LoadedScenario } from './scenario/load.js';
export { parseOverride, applyOverrides, type Override, type OverrideResult, type AppliedOverride } from './scenario/overrides.js';
export { buildWorld, type World, type WorldTraining } from './scenario/world.js';
export { linkBetween, routeNow, sendRouted, type Topology } from './net/routes.js';
export { multicast, type Multicast } from './net/multicast.js';
export { startTasks, SERVING_EDGE, type TaskTrace, type TaskFailedTrace, type TaskOutcome } from './scenario/workload.js';
export { taskTypes, type TaskTypeInfo } from './scenario/taskTypes.js';

export { Simulator, EventHandle, URGENT_PRIORITY, DEFAULT_MAX_EVENTS_PER_INSTANT, type ScheduleOptions, type RunOptions, type StopReason, type EventCounters, type SimulatorOptions } from './engine/simulator.js';
export type { SlotCanceller } from './engine/handle.js';
export { SettledCallback } from './engine/settle.js';
export { SimEvent, allOf, anyOf, type EventCallback, type FirstOf } from './engine/events.js';
export { Timeout, type TimeoutOwner } from './engine/timeout.js';
export { Process, waitAbandonable, type ProcessGenerator } from './engine/process.js';
export { EventQueue, orderKey, MIN_PRIORITY, MAX_PRIORITY } from './engine/queue.js';
export { RandomStream, RandomStreams, type Complex } from './engine/random.js';
export { TraceBus, type TraceEventMap, type TraceName, type TraceListener, type AnyTraceListener, type WarningTrace } from './engine/trace.js';
export { Registry, UnknownNameError, type RegistryEntry } from './engine/registry.js';
export { FifoServer, type FifoJob, type FifoHooks } from './engine/fifo.js';
export { Store, StorePut, StoreGet, type StoreOptions, type ItemFilter } from './engine/store.js';
export { Resource, PriorityResource, PreemptiveResource, ResourceRequest, Preempted, type ResourceRequestOptions, type PriorityRequestOptions, type PreemptiveRequestOptions, type RequestStatus, type ResourceStats } from './engine/resource.js';
export { SimulationError, ProcessError, Interrupt, InputError, WorkFailure, formatLocated, describe, type InputLocation } from './engine/errors.js';
export { secondsToNs, nsToSeconds, NS_PER_S, MAX_TIME_NS } from './engine/time.js';

export { nodeKinds, NODE_KIND_NAMES, type NodeKind, type NodeKindInfo } from './node/kinds.js';
export { Cpu, type ComputeTrace, type CpuParams } from './node/cpu.js';
export { SimNode, type SimNodeParams, type NodeFailedTrace, type NodeRepairedTrace } from './node/node.js';
export type { ComputationRecord, DowntimeRecord } from './node/records.js';
export { EnergyMeter, type EnergyJ, type EnergyCategory, type Activity, type BatteryTrace } from './node/energy.js';
export { deviceProfiles, type DeviceProfile, type PowerSpec } from './node/profiles.js';
export { startFailureProcess, readAvailability, applyAvailability, type FailureSpec, type OffInterval } from './node/failures.js';
export { nodeHardware, DEFAULT_KAPPA, SHORTHAND_FLOPS_PER_CYCLE, DEFAULT_POWER, DEFAULT_MEMORY_BYTES, type NodeHardware } from './scenario/hardware.js';
export { radioEnvironment, nodeRadio, cellBand, DEFAULT_MAX_SPECTRAL_EFFICIENCY_BPS_PER_HZ, DEFAULT_RESOURCE_BLOCK_HZ, SHADOWING_3GPP, type RadioSpec, type RadioEnvironment, type NodeRadioSpec, type PathLossSpec, type ShadowingSpec, type FadingSpec, type FadingSettings, type FreeSpaceSpec, type LogDistanceSpec, type ThreeGppSpec, type ShadowingByLos, type CoverageSpec } from './radio/environment.js';
export { RadioChannel, type ChannelEnd, type ChannelState, type RateSample, type ChannelStreamSource } from './radio/channel.js';
export { Association, type AssociationSpec, type AssociationIdleMode, type AssociationCandidate, type CandidateEdge, type HandoverTrace, type CoverageTrace, type CoverageCheck } from './radio/association.js';
export * from './radio/pathLoss.js';
export { bsUtGeometryInto } from './radio/geometry.js';
export * from './radio/budget.js';
export * from './radio/units.js';
export { expint1, besselI0Scaled } from './radio/special.js';
export { rayleighErgodicSpectralEfficiency, ricianErgodicSpectralEfficiency } from './radio/ergodic.js';
export { BlockFading, JakesFading, NO_FADING, coherenceTimeS, dopplerHz, combinedDopplerHz, type FadingProcess } from './radio/fading.js';
export { paInputW, transmitChainW, type TxChain, type TxChainSpec } from './radio/power.js';
export { Shadowing } from './radio/shadowing.js';
export { uniformAt, normalPairAt, normalPairInto } from './radio/counterRng.js';
export { Medium, type MediumUser, type AccessScheme } from './net/medium.js';
export { WirelessLink, type LinkEnergy, type OutageTrace, type Interruptible } from './net/wireless.js';
export { WirelessTransmission, type TransmissionKind } from './net/transmission.js';
export { StepClock, type Sleeper, type StepAlarm } from './net/stepClock.js';
export { AlarmClock, type Alarm } from './engine/alarmClock.js';
export { TimeShare, type TimeSharer, type DutyListener } from './net/timeShare.js';
export { Emission, REFRESH_M } from './net/emission.js';
export { Transmitter, type TransmitterUser } from './net/transmitter.js';
export { InterferenceField, Sink, type Interferer, type Victim, type MediumBand, type DutyGroup, type TurnTaking } from './net/interference.js';
export type { Reception, RatedWith } from './net/reception.js';
export { ReceptionHeap, type HeapedReception } from './net/receptionHeap.js';
export { IndexedHeap, type HeapEntry } from './util/indexedHeap.js';
export { PlannedCompletions, settleResidue, DONE_BITS, type VirtualClock } from './net/completions.js';
export { FixedRateLink, type FixedRateLinkParams } from './net/link.js';
export { TransferError, TransferScope, type Cancellable, type Link, type TransferTrace, type TransferEndTrace, type TransferLostTrace, type TransferOutcome, type BroadcastTrace } from './net/transfer.js';

export type { MobilityModel } from './mobility/model.js';
export { vec3, fromTuple, toTuple, norm, distance, type Vec3, type Vec3Tuple } from './mobility/vec.js';
export { SampledTrajectory, type Presence, type TrajectoryExtender } from './mobility/trajectory.js';
export { StaticMobility, ConstantVelocityMobility } from './mobility/simple.js';
export { randomWaypoint, type RandomWaypointParams, type Bounds2D } from './mobility/randomWaypoint.js';
export { gaussMarkov, type GaussMarkovParams } from './mobility/gaussMarkov.js';
export { ArrivalProcess, highwayVehicle, type LaneSpec, type RoadSpec, type Arrival } from './mobility/highway.js';
export {
  mobilityModels,
  createMobility,
  isTraceSpec,
  resolveTracePath,
  baseDirOf,
  type MobilitySpec,
  type MobilityContext,
  type MobilityModelEntry,
  type StaticSpec,
  type ConstantVelocitySpec,
  type WaypointsSpec,
  type RandomWaypointSpec,
  type GaussMarkovSpec,
  type HighwaySpec,
  type TraceMobilitySpec,
  type BoundsSpec,
  type Waypoint,
} from './mobility/specs.js';
export { traceFormats, loadTrace, detectTraceFormat, type TraceFormat, type TraceReadOptions } from './mobility/traces/formats.js';
export type { TraceData, GivenSpeeds } from './mobility/traces/traceData.js';
export { TraceBuilder } from './mobility/traces/traceData.js';
export { traceInfo, sampleTrace, type TraceInfo, type SampleOptions, type SpeedStats } from './mobility/traces/info.js';
export { writeCsv, writeNs2, writeBonnMotion, writeOne, type TrajectoryMap } from './mobility/traces/writers.js';
export { forEachLine, parseDecimal, lineError } from './mobility/traces/lines.js';
export { nodesFromTrace, highwayNodes, freewayLanes, type HighwayNodesOptions } from './scenario/helpers.js';
export { expandNodes, type ExpandedNodes } from './scenario/expandNodes.js';

export { simulate, edgesimVersion, type SimulateOptions, type SimulationResult, type SimulationProgress } from './report/simulate.js';
export { buildReport, REPORT_SCHEMA, type Report, type RunInfo, type NodeReport, type LinkReport, type TaskReport, type TaskStatus, type EventCountsReport, type ScenarioSummary, type MobilityReport, type TransferReport, type TrainingSummary, type BackendUsed, type InferenceSummary, type ServerLoad, type TerminalDeployment, type PlanCheck, type PlannedTerminal, type PlanInfeasibility } from './report/report.js';
export { canonicalValue, worldUsesTfjs, type Provenance, type ProvenanceInput, type ResolvedScenario } from './report/provenance.js';
export { TimelineRecorder, type NodeTally, type LinkTally, type TaskMilestones, type RadioTally, type TransferRecord, type TaskFailure, type NodeDowntime } from './report/recorder.js';
export { reportFormats, renderJson, renderReportFiles, DEFAULT_FORMATS, type ReportRenderer } from './report/formats.js';
export { renderHtml, renderPlots, type RenderedPlot } from './report/html/render.js';
export { markdownToHtml, markdownPage, inlineHtml, type MarkdownPage } from './report/html/markdown.js';
export { REPORT_PLOTS } from './report/html/plots/index.js';
export { escapeHtml, htmlDocument, plotFigure, type PageSection } from './report/html/page.js';
export { renderSvg, type PlotSpec } from './report/html/vega.js';
export { naturalCompare } from './util/naturalCompare.js';
export { spansDecades, scaleFor, thin, PLOT_WIDTH, PLOT_HEIGHT, type ScaleChoice, type LogScale, type LinearScale, type PlotEntry, type PlotOptions, type BuiltPlot } from './report/html/plots/common.js';
export { evaluationsOf, roundBreakdown, ROUND_PHASES, type EvaluationPoint, type Evaluations, type RoundPhaseRow } from './report/html/plots/training.js';
export { stalenessBins, otaErrors, type OtaErrorRow } from './report/html/plots/protocols.js';
export { energyData, ENERGY_CATEGORIES, type EnergyRow, type EnergyData } from './report/html/plots/energy.js';
export { activityIntervals, ganttData, mergeIntervals, ACTIVITIES, type GanttActivity, type ActivityInterval, type GanttData } from './report/html/plots/activity.js';
export { chooseLinks, linkPoints, type LinkPoint } from './report/html/plots/links.js';
export { empiricalCdf, latencyCdf, CDF_MAX_POINTS, CDF_MAX_TERMINALS, type CdfPoint } from './report/html/plots/inference.js';
export { renderMarkdown, MARKDOWN_MAX_TASK_ROWS, trainingConfigurationRows } from './report/markdown.js';
export { renderCsv } from './report/csv.js';
export { EventLogWriter } from './report/eventLog.js';

export { selectBackend, selectBackendOption, backendOption, BACKEND_OPTIONS, currentBackend, withTrainingBackend, backendForModel, type BackendName, type BackendChoice } from './learning/backend.js';
export { loadMnist, trainTestSplit, subset, shareViews, fedproxSynthetic, gaussianMixture, linearRegression, type Dataset, type Split, type RegressionTask } from './learning/dataset.js';
export { iidPartition, dirichletPartition, shardPartition, quantitySkewPartition, memoryPartition, labelHistograms, gammaDraw, sampleShares, partitioners, type Partition, type PartitionerInfo } from './learning/partition.js';
export { softmaxRegression, mlp2nn, cnn, cnnDeep, parameterCount, forwardFlops, trainingFlops, initialWeights, models, type ModelDef, type LayerProfile } from './learning/models.js';
export { getFlatWeights, setFlatWeights, weightLayout, type WeightSlice } from './learning/weights.js';
export { trainLocal, computeGradient, evaluate, type TrainOptions, type TrainResult, type Evaluation, type GradientResult } from './learning/train.js';
export { compressors, NoCompression, Fp16, TopK, RandomK, Qsgd, SignCompressor, toFp16, indexBits, COMPRESSOR_DEFAULTS, type Compressor, type Compressed, type CompressorSpec } from './learning/compress.js';
export { weightedMean, gradientStep, WeightedSum, type WeightedVector } from './learning/aggregate.js';
export { startTraining, trainingModel, fusionBuckets, type TrainingRun } from './training/start.js';
export type { RoundRecord, Dropout, DropoutPhase, ArrivalTimes, RoundMeasures } from './training/records.js';
export type { TrainingContext } from './training/context.js';
export { buildTask, type FederatedTask, type TimingUpdates } from './training/task.js';
export { buildTimingTask } from './training/timing/task.js';
export { fitPowerCurve, curveAt, type PowerCurve, type LearningCurvePoint, type CurveFit } from './training/timing/curve.js';
export { fitCalibration, calibrationPoints, parseCalibration, surrogateEvaluation, CALIBRATION_SCHEMA, PROGRESS_MEASURE, type Calibration, type CalibrationPoint, type CalibrationResiduals, type CalibrationSource, type RoundEvaluation, type AsyncEvaluation } from './training/timing/calibration.js';
export { payloadBits, TimingCompressor } from './training/timing/payload.js';
export { withCalibration, defaultCalibrationPath } from './training/timing/file.js';
export { computeLocalUpdate, chargeCompute, compressAndUpload, uploadBits, fusedBackprop, fusedBits, bucketPlan, type LocalUpdate, type Uploaded } from './training/client.js';
export { DeferredUpdate, deferrableUploadBits, localUpdateFlops, type TakenUpdate } from './training/deferred.js';
export { ClientAttempt, type Waste } from './training/attempt.js';
export { protocols } from './training/protocols/index.js';
export type { ProtocolEntry, ProtocolRun, ProtocolSpec, TrainingBudget } from './training/protocols/protocol.js';
export { positiveInt } from './training/protocols/protocol.js';
export { fedAsyncProtocol, type FedAsyncParams } from './training/protocols/fedasync.js';
export { fedBuffProtocol, type FedBuffParams } from './training/protocols/fedbuff.js';
export { runAsync, emitEvaluation, type UpdateCounts, type AsyncCommon, type ArrivedUpdate, type ServerModel, type RuleOutcome, type AsyncRule } from './training/protocols/asyncLoop.js';
export { asyncCommonFields, resolveAsyncCommon, asyncDefaults } from './training/protocols/asyncParams.js';
export { stalenessHistogram, type HistogramBin, type UpdateRecord, type UpdateOutcome, type EvaluationRecord } from './training/asyncRecords.js';
export { trainingSummary, dropoutCause, type DropoutSummary, type UpdateSummary } from './report/trainingSummary.js';
export { trainingContext } from './scenario/trainingContext.js';
export { syncProtocol, type SyncParams } from './training/protocols/sync.js';
export { resolveTraining, TRAINING_DEFAULTS, type ResolvedTraining } from './training/config.js';
export type { HandoverPolicy, TrainingSpec, TrainingDatasetSpec, MnistDatasetSpec, GaussianMixtureDatasetSpec, SelectionSpec, PartitionSpec, LocalTrainingSpec, FusionSpec, TrainingMode, CalibrationCurves } from './training/spec.js';
export { strategies, FedAvg, FedSgd, bufferingAggregator, type RoundAggregator, type Strategy, type RoundPlan, type ClientUpdate, type ClientFailure, type ClientWork, type StrategySettings } from './training/strategy.js';

export { stalenessFunctions, stalenessSpecSchema, resolveStaleness, stalenessFunction, constantStaleness, polynomialStaleness, hingeStaleness, type StalenessFunction, type StalenessRule, type StalenessSpec, type ConstantStalenessSpec, type PolynomialStalenessSpec, type HingeStalenessSpec, type ResolvedStaleness } from './training/rules/staleness.js';
export { mixWeights, fedAsyncAlpha, fedAsyncStep, FEDASYNC_DEFAULTS, type FedAsyncOptions, type FedAsyncResult, type FedAsyncApplied, type FedAsyncDropped } from './training/rules/mixing.js';
export { fedAvgStep, fedAvgFromSum, type SampledUpdate } from './training/rules/fedavg.js';
export { fedSgdStep, fedSgdFromSum } from './training/rules/fedsgd.js';
export { fedBuffStep, fedBuffStepFromSum, fedBuffWeight, fedBuffCoefficients, FEDBUFF_DEFAULTS, type BufferedDelta, type FedBuffOptions, type FedBuffNormalization } from './training/rules/buffered.js';

// Result sections: a component declares its kind of result once; the recorder and every report writer render it.
export { resultSections, ResultSectionRegistry, type ReportSections, type SectionKey, type SectionRow, type ResultSection, type ResultColumn, type CellValue, type CellFormat, type AnyResultSection, type SectionDeclaration } from './engine/results.js';
export { formatCell, sectionMarkdown, sectionCsv, sectionRows } from './report/sections.js';
export { omittableRows, TRANSFERS_ROWS } from './scenario/sections.js';

// Over-the-air (AirComp) slot physics: superposition, estimator and its MSE, airtime, standardisation (docs/ota.md).
export { superpose, estimateMean, otaMsePerEntry, otaConditionalMsePerEntry, otaSlotAirtimeS, blocksOf, entryBlocks, estimateChannel, type SuperposeInput, type OtaMseInput, type OtaSlotSize, type OtaBlock, type OtaEntryBlock, type ChannelEstimate } from './radio/ota.js';
export { updateStatistics, pooledStatistics, standardisationOf, standardise, destandardise, type UpdateStatistics, type Standardisation } from './radio/otaStatistics.js';
// Over-the-air power control: the policy contract, the registry of policies and the MSE of a decision (docs/ota-power.md).
export type { PowerControlInput, PowerControlDecision, PowerPolicy, PowerPolicyEntry } from './training/ota/power/policy.js';
export { powerPolicies, powerSpecSchema, resolvePower, powerPolicy, type BoundOptimalSpec, type PowerControlSpec, type ResolvedPowerControl, type FullPowerSpec, type ChannelInversionSpec, type TruncatedInversionSpec, type ThresholdSpec } from './training/ota/power/index.js';
export { decisionMse, checkPowerInput } from './training/ota/power/mse.js';
export { averagePowerCapsW, withAveragePowerBudget, silentDecision } from './training/ota/power/budget.js';
export { fullPowerDecision, fullPowerPolicy, type FullPowerEta } from './training/ota/power/fullPower.js';
export { channelInversionDecision, channelInversionPolicy } from './training/ota/power/channelInversion.js';
export { truncatedInversionDecision, truncatedInversionPolicy, truncatedReceivedPowerW, type TruncatedInversionParams, type TruncatedDenominator } from './training/ota/power/truncatedInversion.js';
export { thresholdEta, thresholdDecision, thresholdPolicy } from './training/ota/power/threshold.js';
export { OverTheAirSlot, type OtaSlotOptions, type OtaSlotResult, type OtaBlockInput, type OtaBlockDecision, type OtaBlockRecord, type OtaSlotTrace } from './net/otaSlot.js';
export { otaProtocol, type OtaParams } from './training/protocols/ota.js';
export type { OtaRoundRecord } from './training/otaRecords.js';
export { gatherRound, dropoutOf, rankByChannel, lastArrival, roundEndRecord, SURPLUS, type FailedClient, type GatheredRound, type Arrived } from './training/protocols/rounds.js';
export { switchProtocolFields } from './scenario/protocolSwitch.js';
// Over-the-air FedSGD: the convergence bound, its offline optimizer and the online bound-optimal power policy (docs/ota-bound.md).
export { roundErrorSq, convergenceBound, errorWeights, checkBoundConditions, type BiasBound, type RoundErrorInput, type RoundError, type ConvergenceBoundInput } from './training/ota/bound.js';
export { optimizeOta, evaluatePlan, fullPowerPlan, channelInversionPlan, bestLearningRate, type OtaProblem, type OtaPlan, type OtaOptions } from './training/ota/optimize.js';
export { boundOptimalPolicy, boundOptimalDecision, boundOptimalMultipliers, budgetSchedule, BOUND_OPTIMAL_DEFAULTS, type BoundOptimalParams } from './training/ota/power/boundOptimal.js';

// The optimality gap F(w_t) − F*: the softmax-regression federated objective in float64, L-BFGS for F*, its certified lower bound (docs/objective.md).
export { softmaxObjective, type SoftmaxObjective, type DifferentiableObjective, type WeightVector } from './learning/objective.js';
export { minimiseObjective, certifiedLowerBound, type MinimiseOptions, type MinimiseResult, type MinimiseStop } from './learning/objectiveMinimise.js';
export { GapTracker, type OptimumSummary, type GapFields } from './training/gap.js';
export { optimizeOtaScenario, renderOtaOptimization, type OptimizeOtaOptions, type OtaOptimization } from './cli/optimize.js';
// Local sweeps (issue 14): grid × seeds in worker threads, Student-t confidence intervals (docs/sweep.md).
export { logGamma, regularizedBeta, studentTCdf, studentTQuantile, sampleStats, type SampleStats } from './sweep/stats.js';
export { SWEEP_METRICS, extractMetrics, type SweepMetric, type MetricValues } from './sweep/metrics.js';
export { parseGridAxis, parseGrid, parseSeeds, combinations, contentHash, cellKey, sweepCells, type GridAxis, type Combination, type SweepCell } from './sweep/grid.js';
export { runCell, type CellJob, type CellOutcome, type CellSuccess, type CellFailure } from './sweep/cell.js';
export { runCells, cellTimeoutMessage, type IndexedJob, type CellListener, type RunCellsOptions } from './sweep/pool.js';
// Sweeps across machines (BullMQ on Redis) and the worker command.
export { QUEUE_NAME, parseQueueUrl, redisConnection, checkRedis, queueJobId, runCellsOnQueue, type RedisTarget, type QueueJobData, type QueuedCell, type QueueRunOptions } from './sweep/queue.js';
export { startQueueWorker, type QueueWorkerOptions, type QueueWorkerHandle } from './sweep/queueWorker.js';
export { workerCommand, addWorkerCommand, type WorkerCommandOptions } from './cli/worker.js';
export type { WorkerRequest, WorkerReply, WorkerStarted } from './sweep/worker.js';
export { combinationResults, sweepCsv, sweepMarkdown, SWEEP_SCHEMA, type SweepCellResult, type CombinationResult, type SweepScenario, type SweepMetricInfo, type SweepResult } from './sweep/summary.js';
export { runSweep, parseSweepFormats, SWEEP_FORMATS, type SweepOptions, type SweepRunInfo, type SweepOutcome, type StoredCell } from './sweep/sweep.js';
export { sweepPlots, meanPoints, metricTitle, compareSweepPlot, overlaidCurves, type SweepPlot, type MeanPoint, type RunCurve, type CurvePoint } from './sweep/plots.js';
export { sweepHtml, compareHtml } from './sweep/html.js';
export { sweepCommand, addSweepCommand, resolveSweepArgs, type SweepCommandOptions, type ResolvedSweep } from './cli/sweep.js';
export { defineSweep, isSweepFile, sweepFileArgs, loadSweepFile, type SweepSpec, type SweepGridValue, type SweepFileArgs } from './sweep/file.js';
export { compare, compareMarkdown, formatMeanCi, type CompareSource, type CompareRunSource, type CompareSweepSource, type CompareRunColumn, type CompareSweepRow, type Comparison } from './sweep/compare.js';
export { readCompareSource, compareFolders, addCompareCommand } from './cli/compare.js';

// Hierarchical sync training, HierFAVG (client-edge-cloud; docs/learning.md).
export { hierarchicalProtocol, HIERARCHICAL_DEFAULTS, type HierarchicalParams } from './training/protocols/hierarchical.js';
export { edgeCloudRound, edgeCenters, memberEdgeOf, reachableEdges, hierarchicalSetup, type HierarchicalSetup, type EdgeOutcome, type EdgeRoundSetup } from './training/protocols/hierEdge.js';
export type { EdgeRoundRecord, HierHandoverTotals } from './training/hierRecords.js';
export { HandoverBook, afterHandover, isHandoverCut, type MemberResult, type HandedOver, type OpenEdgeRound } from './training/protocols/hierHandover.js';

// Hierarchical asynchronous training: edges push when done, the cloud mixes by staleness or buffers (docs/learning.md).
export { hierAsyncProtocol, HIER_ASYNC_DEFAULTS, type HierAsyncParams, type HierAsyncCloud, type HierAsyncFedAsyncCloud, type HierAsyncFedBuffCloud } from './training/protocols/hierAsync.js';
export type { EdgePushRecord, EdgePushOutcome } from './training/hierAsyncRecords.js';

// Split inference: split-point profiles, real split execution with 8/16-bit activations, trained models cached on disk (docs/inference.md).
export { splitProfiles, type SplitPoint } from './inference/profile.js';
export { quantize, dequantize, packQuantized, unpackQuantized, activationBytes, QUANT_HEADER_BYTES, type Quantized, type ActivationBits } from './inference/quantize.js';
export { SplitModel, splitBoundaries, type SplitRun, type SplitAccuracy } from './inference/split.js';
export { trainedModel, trainingData, modelCacheKey, type CachedTrainingSpec, type TrainedModel } from './inference/modelCache.js';
// Inference deployment optimizer (issue 13, eq. 5): split point, pruning rate and edge share per terminal (docs/inference-optimizer.md).
export type { SplitProfile, ModelVariant, DeploymentTerminal, DeploymentEdge, ObjectiveWeights, DeploymentProblem, DeploymentChoice, DeploymentConstraint, DeploymentPrediction, TerminalPlan, TerminalInfeasibility, DeploymentPlan, EdgeShare } from './inference/optimize/types.js';
export { md1WaitS, checkDeploymentProblem, predictChoice, terminalOptions, feasibleOptions, type DeploymentOption } from './inference/optimize/predict.js';
export { prepareDeployment, infeasiblePlan, assemblePlan, type PreparedDeployment } from './inference/optimize/plan.js';
export { exhaustiveDeployment, EXHAUSTIVE_DEFAULTS, DeploymentTooLargeError, type ExhaustiveParams } from './inference/optimize/exhaustive.js';
export { greedyDeployment, improveEdge, GREEDY_DEFAULTS, type GreedyParams } from './inference/optimize/greedy.js';
export { lagrangianDeployment, edgeMultiplier, LAGRANGIAN_DEFAULTS, type LagrangianParams, type EdgeMultiplier } from './inference/optimize/lagrangian.js';
export { deploymentSolvers, deploymentSolverSchema, deploymentSolver, optimizeDeployment, type DeploymentSolver, type DeploymentSolverEntry, type DeploymentSolverSpec, type ExhaustiveSpec, type LagrangianSpec, type GreedySpec } from './inference/optimize/index.js';
// Inference serving on the timeline (issue 13): requests, edge queues, deployment of a split model (docs/inference.md).
export { arrivalProcesses, arrivalSpecSchema, arrivalSource, readRequestTimes, type ArrivalSource, type ArrivalContext, type ArrivalEntry, type ArrivalLimits, type ArrivalSpec } from './inference/arrivals.js';
export { queueDisciplines, queueSpecSchema, createQueue, type QueueSpec, type InferenceJob, type ServedJob, type Executor, type QueueStats, type QueueDiscipline, type DisciplineEntry } from './inference/queues.js';
export type { InferenceContext, RequestWork, RadioPowerW } from './inference/context.js';
export { playRequest, type InferenceHandoverPolicy, type TerminalDevice, type RequestSetup } from './inference/request.js';
export type { RequestRecord, RequestOutcome } from './inference/records.js';
export { summarizeRequests, summaryMarkdown, nearestRank, type RequestStats, type RequestPhasesS } from './inference/summary.js';
export { startInference, type ServerSpec, type WorkloadSpec, type ServingPlan, type ServiceSetup, type InferenceService } from './inference/service.js';
export { inferenceSchema, INFERENCE_DEFAULTS, type InferenceDefaults, type PruningSpec, type DeploymentSpec, type InferenceSpec, type InferenceModelSpec, type InferenceWorkloadSpec, type SplitChoice } from './inference/spec.js';
export { prepareInference, preparedInference, cachedSpecOf, resolveSplit, splitChoices, type PreparedInference, type PreparedVariant, type ResolvedSplit } from './inference/prepare.js';
export { deployInference, inferenceTerminals, prepareScenarioInference, type DeployedInference, type OptimizedDeployment, type VariantSummary } from './inference/deploy.js';
export { deploymentProblem, planDeployment, requestRatePerS, OPTIMIZER_DEFAULTS, OUTAGE_RATE_BPS, type OptimizerSpec, type OptimizerDefaults, type TerminalDemand } from './inference/plan.js';
// Pruned model variants (issue 13): structured and magnitude pruning, fine-tuned, accuracy measured on the test set (docs/inference-pruning.md).
export { prunedVariants, measureAccuracy, optimizerVariant, type PruneKind, type PruneBase, type PruneData, type PruneOptions, type FineTuneOptions, type PrunedVariant } from './inference/prune.js';
export { magnitudePrune, magnitudePruneLayout, applyMask, prunedCount, checkPruningRate, type MagnitudePruned, type KernelSparsity } from './inference/pruneMagnitude.js';
export { structuredPrune, keptUnits, denseLayers, denseProfile, denseModelDef, type StructuredPruned, type DenseLayerSpec, type NeuronNorm } from './inference/pruneStructured.js';
// Multi-exit models (BranchyNet, issue 13): side exits on an MLP trunk, joint training, entropy-threshold exit decisions on real samples (docs/inference-multiexit.md).
export { multiExitMlp, buildMultiExit, setMultiExitWeights, getMultiExitWeights, multiExitInitialWeights, trunkModelDef, trunkWeights, exitSplitCost, type ExitHeadSpec, type MultiExitSpec, type MultiExitLayer, type ExitProfile, type MultiExitDef, type BuiltMultiExit, type ExitSplitCost } from './inference/multiExit.js';
export { trainMultiExit, type MultiExitTrainOptions, type MultiExitTrainResult } from './inference/multiExitTrain.js';
export { MultiExitModel, softmaxEntropy, exitOutputsOf, thresholdVector, decideExits, summarizeExits, sweepThresholds, type ExitOutputs, type ExitDecision, type ExitCurvePoint } from './inference/multiExitDecide.js';
export { prepareExits, exitCost, expectedExitCost, type ExitsSpec, type PreparedExits, type RequestExitCost, type ExpectedExitCost } from './inference/exitsVariant.js';
export type { DcAcceleratorDecl, DcNodeDecl, DcLinkDecl, DcLayout, RegistrySpec, NamedParams, TopologyEntry, FabricOptions, LinkUse, FabricMark, Fabric } from './datacenter/types.js';
export { dcTopologies, buildTopology } from './datacenter/topologies/index.js';
export { fatTreeEntry, buildFatTree, type FatTreeParams } from './datacenter/topologies/fatTree.js';
export { leafSpineEntry, buildLeafSpine, oversubscription, type LeafSpineParams } from './datacenter/topologies/leafSpine.js';
export { ringEntry, starEntry, buildRing, buildStar, type SimpleTopologyParams } from './datacenter/topologies/simple.js';
export { explicitEntry, buildExplicit, racksByFirstHop, type ExplicitTopologyParams } from './datacenter/topologies/explicit.js';
export { serverMixSchema, assignServers, switchDecl, DEFAULT_SERVER_MIX, type ServerGroup } from './datacenter/topologies/serverMix.js';
export { DEFAULT_DC_DELAY_S, wire, type WireOptions } from './datacenter/topologies/common.js';
export { withDefaults } from './datacenter/registrySpec.js';
export { EcmpRouter, fnv1a32, type DirectedEdge } from './datacenter/ecmp.js';
export { DcFabric, DEFAULT_SEGMENT_BYTES, DEFAULT_FABRIC_OPTIONS } from './datacenter/fabric.js';
// Data-center collectives (issue 16, Part B): mailbox comm, ring / halving-doubling / tree / parameter-server / hierarchical all-reduce (docs/datacenter.md).
export { chunkBounds, MailboxComm, sendRecv, placeReceived, type CollectiveComm, type CollectiveGroup, type CollectiveBuffer, type CollectiveInstance, type CollectiveEntry, type MessageSender, type ReduceCharge, type Combine, type RangeAllReduce } from './datacenter/collectives/collective.js';
export { ringReduceScatter, ringAllGather, ringAllReduce, rangeBounds } from './datacenter/collectives/ring.js';
export { halvingDoublingAllReduce } from './datacenter/collectives/halvingDoubling.js';
export { binomialReduce, binomialBroadcast, treeAllReduce } from './datacenter/collectives/tree.js';
export { dedicatedServers, shardedServers, type ParameterServerParams } from './datacenter/collectives/parameterServer.js';
export { hierarchicalAllReduce, hierarchicalRacks, INTER_RACK, type HierarchicalRacks, type HierarchicalCollectiveParams, type InterRackAlgorithm } from './datacenter/collectives/hierarchical.js';
export { collectives, resolveCollective, createCollective, type FlatCollectiveParams, type CollectiveParams } from './datacenter/collectives/index.js';
// Data-center jobs (issue 16): the section's types, the world a DC sees, job records and kinds, memory, the α–β of one message, partition types.
export type { DatacenterContext } from './datacenter/context.js';
export type { DcMnistDatasetSpec, DcGaussianMixtureDatasetSpec, DcDatasetSpec, DcAttachSpec, DcJobBaseSpec, DcFusionSpec, DataParallelJobSpec, PipelineJobSpec, TensorJobSpec, DcJobSpec, DatacenterSpec, ResolvedTestFraction, ResolvedDcAttach, ResolvedDcDataset, ResolvedDcJobBase, ResolvedDataParallelJob, ResolvedPipelineJob, ResolvedTensorJob, ResolvedDcJob, ResolvedDatacenter } from './datacenter/spec.js';
export { jobStreamName, evaluatesAfter, isJobFailure, type JobData, type JobEnv, type DcStepRecord, type DcNodeRecord, type JobOutcome, type ServerInfo, type DcJobCheckEnv, type DcJobKindEntry } from './datacenter/job.js';
export { dcJobKinds } from './datacenter/jobKinds.js';
export { inputValues, layerInputValues, exampleBytes, pieceBytes, replicaBytes } from './datacenter/memory.js';
export { uncontendedTransferS, bottleneckS, type HopRate } from './datacenter/alphaBeta.js';
export { PlacementError, type Piece, type Placement, type PlacementProblem, type PlacementEntry } from './datacenter/partition/types.js';
export { placements, resolvePlacement } from './datacenter/partition/placement.js';
export { loadSplit, trainExamples, type DatasetChoice, type MnistChoice, type GaussianMixtureChoice } from './learning/dataset.js';
// Data-center tier (issue 16, Part F): a data center takes over a hierarchical tier's weighted means, sharded over its servers (docs/datacenter.md).
export { shardedAggregate, dcTierAggregator, type DcTierRecord, type TierAggregator, type DcTierOptions } from './datacenter/tier.js';
export { profileToModelLayers } from './datacenter/partition/layerMap.js';
export { StageModel, type StageBackward } from './datacenter/partition/stageModel.js';
export { runPipeline, pipelineSchedule, type PipelineOp } from './datacenter/partition/pipeline.js';
export { runTensor, BatchSampler, pieceRole, stepRecord, shareBounds, realJobState, type RealJobState } from './datacenter/partition/tensor.js';
export { pipelineJob, tensorJob, placementProblem, fabricTransferS, fabricOccupancyS, checkPlacement, type ModelParallelJob } from './datacenter/partition/jobs.js';
export { lossOf, batchTensors, type BatchTensors } from './learning/train.js';
// Placements of a partitioned model (issue 16, Part D1): predictor, random / balanced / optimized (docs/datacenter.md, Placement).
export { microbatchSize, memoryMicrobatch, inFlight, pieceMemoryBytes, piecesMemory, PipelineCostModel, pipelineStepS, tensorStepS, predictStepS } from './datacenter/partition/estimate.js';
export { fitsIn, serverById, firstMisfit, misfitMessage, requireSizes, pipelinePieces, tensorPieces, finish, sliceShares, binomial, permutations, kSubsets, cutSets, type Misfit, type SliceShares, type SharesFit, type SharesMisfit } from './datacenter/partition/candidates.js';
export { randomPlacement, placeRandom, drawRandom, randomCuts, randomServers, RANDOM_PLACEMENT_DEFAULTS, type RandomPlacementParams } from './datacenter/partition/random.js';
export { balancedPlacement, placeBalanced, balancedCuts, minMaxCuts, noCutsFit, largestMemoryGroup, type BalancedPlacementParams, type MinMaxCuts } from './datacenter/partition/balanced.js';
export { optimizedPlacement, placeOptimized, exhaustivePipeline, pipelineExhaustive, EXHAUSTIVE_LIMIT, OPTIMIZED_PLACEMENT_DEFAULTS, type OptimizedPlacementParams } from './datacenter/partition/optimized.js';
export { descend, randomStart, localSearch, type PipelineCandidate } from './datacenter/partition/localSearch.js';
export { GROUP_LIMIT, groupStepS, timeGroup, greedyGroup, placeTensorOptimized, type TensorCandidate } from './datacenter/partition/tensorSearch.js';
// Data-center data parallelism (issue 16, Part C): shards ∝ memory left beside the replica, per-step batches, the step with bucket fusion, the job kind (docs/datacenter.md).
export { largestRemainder, planShards, replicaMisfit, ShardError, ShardSampler, type DpAllocation, type ShardInputs, type ShardPlan } from './datacenter/shards.js';
export { dpBuckets, dpNodeStep, dpBreakdown, type DpBucket, type DpFusion, type DpNodeTimes, type DpNodeStepEnv, type DpStepBreakdown } from './datacenter/dpStep.js';
export { dataParallelJob, runDataParallel, dpGroup, type DpRunResult, type DpHooks } from './datacenter/dataParallel.js';
// Data centers in a scenario (issue 16, Part E): the section's schema and resolution, expansion and validation, the run, the report sections, scenario helpers.
export { datacenterSpecSchema, dcJobBaseShape, buildDatacenterTopology, resolveDcJobBase, resolveDcJob, assembleDatacenter, resolveDatacenter, DEFAULT_ATTACH_DELAY_S, DEFAULT_DC_LEARNING_RATE, DEFAULT_DC_TEST_FRACTION, type LinkEnds, type DatacenterResolveEnv, type BuiltTopology } from './datacenter/specSchema.js';
export { datacenterFabric, startDatacenter, traceSink, type DcRecordSink, type StartedDatacenter } from './datacenter/start.js';
export { dcJobsMarkdown, dcLinksMarkdown, type DcLinkRecord, type DcJobRecord } from './datacenter/records.js';
export { expandDatacenters, linkSpecsOf, type ExpandedDatacenters } from './scenario/expandDatacenters.js';
export { datacenterSchemaIssues, switchRoleIssues, datacenterJobIssues } from './scenario/datacenterIssues.js';
export { datacenterContext } from './scenario/datacenterContext.js';
export { scenarioTrainedModels } from './scenario/trainedModels.js';
export { fatTree, leafSpine, ringTopology, starTopology, explicitTopology, type ServerMixOption, type FatTreeOptions, type FatTreeSpec, type LeafSpineOptions, type LeafSpineSpec, type SimpleTopologyOptions, type SimpleTopologySpec, type ExplicitTopologySpec } from './scenario/helpers.js';
export { datacenterTiers } from './scenario/datacenterTier.js';
