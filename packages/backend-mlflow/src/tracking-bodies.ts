import type { CreateRunOptions, MetricPoint, SearchRunsOptions } from "./client-options.ts";
import { fromWireValue, type KeyValue, type MlflowRunStatus, type WireMetric } from "./wire.ts";

/** Filters and paging of `experiments/search`. */
export interface SearchExperimentsOptions {
  filter?: string;
  maxResults?: number;
  pageToken?: string;
  viewType?: string;
}

/** The fields `runs/update` changes. */
export interface RunUpdate {
  status?: MlflowRunStatus;
  endTime?: number;
  runName?: string;
}

export function toKeyValues(record: Record<string, string> | undefined): KeyValue[] | undefined {
  return record ? Object.entries(record).map(([key, value]) => ({ key, value })) : undefined;
}

export function searchExperimentsBody(options: SearchExperimentsOptions) {
  return {
    filter: options.filter,
    max_results: options.maxResults ?? 1000,
    page_token: options.pageToken,
    view_type: options.viewType,
  };
}

export function createRunBody(options: CreateRunOptions, tags: KeyValue[] | undefined) {
  return {
    experiment_id: options.experimentId,
    run_name: options.runName,
    start_time: Math.floor(options.startTime ?? Date.now()),
    tags,
  };
}

export function updateRunBody(runId: string, update: RunUpdate) {
  return {
    run_id: runId,
    status: update.status,
    end_time: update.endTime === undefined ? undefined : Math.floor(update.endTime),
    run_name: update.runName,
  };
}

export function searchRunsBody(options: SearchRunsOptions) {
  return {
    experiment_ids: options.experimentIds,
    filter: options.filter,
    max_results: options.maxResults ?? 1000,
    order_by: options.orderBy,
    page_token: options.pageToken,
    run_view_type: options.runViewType,
  };
}

/** A metric-history point as the server sends it, with numbers decoded (non-finite values too). */
export function toMetricPoint(metric: WireMetric): MetricPoint {
  return {
    key: metric.key,
    value: fromWireValue(metric.value),
    timestamp: Number(metric.timestamp),
    step: Number(metric.step ?? 0),
  };
}
