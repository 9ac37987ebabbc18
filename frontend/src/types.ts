/** Shapes shared by the card and the websocket API (DESIGN.md §4 PlanResponse). */

export type PlanStatus =
  | "preview"
  | "pending_approval"
  | "scheduled"
  | "running"
  | "completed"
  | "failed"
  | "rejected"
  | "cancelled"
  | "expired"
  | "infeasible"
  | "superseded";

export interface PlanScores {
  privacy: number;
  cost: number;
  latency: number;
  comfort: number;
  total: number;
}

export interface PlanStep {
  step_id: string;
  kind: "action" | "wait" | "condition" | "notify";
  action: string | null;
  target: Record<string, string[]>;
  data: Record<string, unknown>;
  depends_on: string[];
  not_before: string | null;
  fallbacks: PlanStep[];
  guardrails: string[];
  local: boolean;
  estimated_cost: number;
  estimated_duration_s: number;
  description?: string;
}

/** Where a step of a started plan is (`PlanResponse.progress`, keyed by step id). */
export type StepState =
  | "pending"
  | "waiting"
  | "running"
  | "done"
  | "failed"
  | "skipped";

export interface StepProgress {
  state: StepState;
  at: string;
  error?: string | null;
}

/** What a waiting plan waits for (DESIGN.md §8 `PlanResponse.wait`). */
export interface PlanWait {
  kind:
    | "time"
    | "arrival"
    | "departure"
    | "someone_home"
    | "nobody_home"
    | "state"
    | "sun";
  at?: string;
  entity_id?: string;
  to?: string;
  entity_ids?: string[];
  event?: string;
  offset?: number;
  expires_at?: string | null;
}

/** Why the home proposed a plan itself (DESIGN.md §8 `PlanResponse.recommendation`). */
export interface Recommendation {
  rule: string;
  title?: string;
  reason: string;
  figures?: Record<string, unknown>;
  expires_at?: string | null;
  accepted_by?: string | null;
}

export interface Goal {
  type: string;
  targets: Record<string, string[]>;
  params: Record<string, unknown>;
}

export interface PlanResponse {
  plan_id: string;
  status: PlanStatus;
  created: string;
  task_spec: {
    intent: string;
    language: string;
    trigger_type: string;
    goals: Goal[];
    constraints: Array<{ type: string; [field: string]: unknown }>;
    privacy_class: string;
    confidence: number;
    unresolved: string[];
  };
  policy: {
    decision: "allow" | "require_approval" | "deny";
    trust_tier: string;
    required_scopes: string[];
    approval_required: boolean;
    consent_refs: string[];
    policy_hash: string;
    reasons: string[];
  };
  plan: {
    strategy: string;
    steps: PlanStep[];
    scores: PlanScores;
    estimated_cost: number;
    privacy_score: number;
  };
  alternatives: Array<{
    strategy: string;
    scores: PlanScores;
    estimated_cost: number;
    summary: string;
  }>;
  explanation: {
    summary: string;
    steps: string[];
    privacy: string;
    consent: string;
    cost: string;
    guardrails: string[];
  };
  script: { sequence: unknown[] };
  planning_time_ms: number;
  error?: string | null;
  run_started?: string | null;
  /** Each started step's state; absent where the backend does not track steps. */
  progress?: Record<string, StepProgress>;
  wait?: PlanWait | null;
  recommendation?: Recommendation | null;
  /** Added by the websocket API for the connection's user. */
  can_approve?: boolean;
  /** Added by the websocket API for the connection's user. */
  can_cancel?: boolean;
}

/** What `orchestration/plans/subscribe` sends: the current list, then one plan per change. */
export type PlansEvent =
  | { type: "plans"; plans: PlanResponse[] }
  | { type: "plan"; plan: PlanResponse };

/** The part of Home Assistant's `hass` object the card uses. */
export interface HomeAssistant {
  language: string;
  locale?: { language: string };
  config?: {
    time_zone?: string;
    currency?: string;
    unit_system?: { temperature?: string };
  };
  states?: Record<string, { attributes: { friendly_name?: string } }>;
  user?: { id: string; name: string; is_admin: boolean };
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  connection: {
    subscribeMessage<T>(
      callback: (message: T) => void,
      subscribe: Record<string, unknown>,
    ): Promise<() => Promise<void> | void>;
  };
}

export interface PlanCardConfig {
  type: string;
  title?: string;
  show_preview?: boolean;
  show_recent?: boolean;
  recent_limit?: number;
}
