// Type declarations for the partner-scoring JavaScript wrapper
// (www/lib/index.js). Checked by `tsc -p .` against tests/js/types.check.ts.

// ---------------------------------------------------------------------------
// Shared scalar types
// ---------------------------------------------------------------------------

/**
 * An amount of money, a count, hours or a rate as input: a JS number (read
 * through its shortest decimal form, so 0.1 stays exactly 0.1) or a decimal
 * string such as `"2000.00"` (exact; at most 28 significant digits).
 */
export type Money = number | string;

/**
 * A decimal number given as text by the module: money rounded to the
 * currency's minor units (`"250.00"`, `"1000"` for JPY) or a ratio rounded to
 * 4 places without trailing zeros (`"0.8333"`, `"2.5"`). Format it for
 * display with `Intl.NumberFormat`, which accepts decimal strings.
 */
export type DecimalString = string;

/** An ISO 4217 currency code (`"USD"`, `"EUR"`, ...); the default is USD. */
export type CurrencyCode = string;

/** The six partner types (docs/design.md §3.1). */
export type PartnerType = 'referral' | 'technology' | 'reseller' | 'strategic' | 'services' | 'alliance';

/** The id of a built-in profile: one per partner type. */
export type BuiltinProfileId = PartnerType;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * Every stable error code. All but `not-initialized` come from the module
 * (see {@link errorCodes}); `not-initialized` is thrown by the wrapper when a
 * function is called before {@link init} has finished.
 */
export type ErrorCode =
  | 'invalid-json'
  | 'invalid-type'
  | 'missing-field'
  | 'unknown-field'
  | 'not-finite'
  | 'invalid-number'
  | 'too-many-digits'
  | 'negative-amount'
  | 'out-of-range'
  | 'conflict'
  | 'overflow'
  | 'unknown-stage'
  | 'unknown-motion'
  | 'unknown-profile'
  | 'unknown-currency'
  | 'unknown-kind'
  | 'empty-profile'
  | 'curve-not-increasing'
  | 'duplicate-id'
  | 'no-base-tier'
  | 'limit-exceeded'
  | 'internal'
  | 'invalid-date'
  | 'date-order'
  | 'unknown-partner'
  | 'unknown-status'
  | 'unknown-source'
  | 'mixed-currency'
  | 'not-initialized';

/**
 * The one error type every function throws.
 *
 * - `code`: a stable {@link ErrorCode}.
 * - `path`: the offending field, e.g. `"payoutPerDeal"`,
 *   `"profile.criteria[2].weight"`, `"records[3]"`; `""` when the error is
 *   not about one field.
 *
 * After a trap inside the module (`code` `"internal"`) the module has
 * already been re-instantiated; later calls work normally.
 */
export declare class PartnerScoringError extends Error {
  /**
   * @param code a stable error code
   * @param message a message for the person who typed the value
   * @param path the offending field; `""` by default
   * @param options standard `Error` options (`cause`)
   */
  constructor(code: ErrorCode, message: string, path?: string, options?: { cause?: unknown });
  /** Always `"PartnerScoringError"`. */
  override name: 'PartnerScoringError';
  /** The stable error code. */
  code: ErrorCode;
  /** The path of the offending field, or `""`. */
  path: string;
}

/** One entry of {@link errorCodes}. */
export interface ErrorCodeInfo {
  /** The stable code. */
  code: Exclude<ErrorCode, 'not-initialized'>;
  /** One line on what it means. */
  meaning: string;
}

/** A problem as data, as listed by {@link validateProfile}. */
export interface ErrorInfo {
  /** The stable code. */
  code: ErrorCode;
  /** The offending field in the profile, e.g. `"criteria[0].curve[2][0]"`. */
  path: string;
  /** What is wrong. */
  message: string;
}

// ---------------------------------------------------------------------------
// Initialisation
// ---------------------------------------------------------------------------

/**
 * What {@link init} accepts: the module's bytes, a compiled module, or where
 * to fetch it from (in Node a `file:` URL or a path string is read from
 * disk).
 */
export type InitInput = ArrayBuffer | ArrayBufferView | WebAssembly.Module | URL | string | Request | Response;

/**
 * Loads and instantiates the WebAssembly module. Without `input` it reads
 * `pkg/partner_scoring_bg.wasm` next to the wrapper: from disk in Node,
 * streamed with `fetch` in a browser.
 *
 * Idempotent: every call, concurrent or later, returns the same promise and
 * there is only ever one instance; `input` is read by the first call only.
 * A failed load rejects (with the underlying `TypeError`, fetch error or
 * `WebAssembly.CompileError`) and may be retried.
 *
 * @param input bytes, a `WebAssembly.Module`, or a URL/string/Request/Response
 */
export declare function init(input?: InitInput): Promise<void>;

/** Whether {@link init} has finished, so the other functions may be called. */
export declare function isInitialized(): boolean;

/**
 * Loads the analytics module (`pkg/partner_scoring_analytics_bg.wasm`),
 * which carries {@link programMetrics}, {@link partnerScorecards},
 * {@link accountOverlap} and {@link hashAccounts}; until it has loaded they
 * throw `not-initialized`. Idempotent like {@link init}, and independent of
 * it; `input` takes the same forms, for the analytics module.
 */
export declare function initAnalytics(input?: InitInput): Promise<void>;

// ---------------------------------------------------------------------------
// Profiles (docs/design.md §3.2)
// ---------------------------------------------------------------------------

/** A score band: the first band, from the highest `min` down, with `min` ≤ score. */
export interface Band {
  /** The band's label, e.g. `"Ideal"`. */
  label: string;
  /** The lowest score in the band, 0-100. */
  min: number;
}

/** A must-have on a range criterion: the value must lie within `min`..`max`. */
export interface RangeGate {
  /** Lowest value allowed (inclusive). */
  min?: number;
  /** Highest value allowed (inclusive). */
  max?: number;
}

/** A must-have on a category (the value is one of these) or tags (one is present). */
export interface AllowedGate {
  /** The values allowed, matched trimmed and case-insensitively. */
  allowed: string[];
}

/** A must-have on a flag: the value must be exactly `required`. */
export interface RequiredGate {
  /** The value the flag must have. */
  required: boolean;
}

/** A must-have: a failed gate disqualifies the record (score 0). */
export type Gate = RangeGate | AllowedGate | RequiredGate;

/** What every criterion has, whatever its kind. */
export interface CriterionBase {
  /** Unique within the profile. */
  id: string;
  /** Shown to users. */
  label: string;
  /** The record key the criterion reads. */
  field: string;
  /** Relative weight, > 0. */
  weight: number;
  /** An optional must-have. */
  gate?: Gate;
  /** Free text: what the criterion means. */
  description?: string;
  /** Free text: where the criterion comes from. */
  source?: string;
}

/** A numeric criterion scored by a piecewise-linear curve, clamped at both ends. */
export interface RangeCriterion extends CriterionBase {
  kind: 'range';
  /** `[x, subscore]` points, x strictly increasing, subscore 0-1. */
  curve: Array<[number, number]>;
  gate?: RangeGate;
  /** The values the field can possibly take (a percent 0-100, a count ≥ 0, a rate 0-1); a value outside is `invalid`, 0 points. */
  domain?: { min?: number; max?: number };
}

/** A category criterion: value → subscore, matched trimmed and case-insensitively. */
export interface CategoryCriterion extends CriterionBase {
  kind: 'category';
  /** Subscore (0-1) per value. */
  values: { [value: string]: number };
  /** Subscore for any other value (0-1); 0 when absent. */
  default?: number;
  gate?: AllowedGate;
}

/** A true/false criterion. */
export interface FlagCriterion extends CriterionBase {
  kind: 'flag';
  /** Subscore when true (0-1); 1 when absent. */
  whenTrue?: number;
  /** Subscore when false (0-1); 0 when absent. */
  whenFalse?: number;
  gate?: RequiredGate;
}

/** A tags criterion: subscore = wanted tags present / wanted tags. */
export interface TagsCriterion extends CriterionBase {
  kind: 'tags';
  /** The tags wanted, matched trimmed and case-insensitively. */
  wanted: string[];
  gate?: AllowedGate;
}

/** One criterion of a profile, by kind. */
export type Criterion = RangeCriterion | CategoryCriterion | FlagCriterion | TagsCriterion;

/** What a missing field does: score 0 (`zero`) or drop out of the weights (`renormalize`). */
export type MissingPolicy = 'zero' | 'renormalize';

/** An ideal partner profile: data, shareable as JSON between surfaces and files. */
export interface Profile {
  /** Unique id, e.g. `"referral"`. */
  id: string;
  /** Shown to users. */
  name: string;
  /** The partner type the profile describes (any text for custom profiles). */
  partnerType: PartnerType | (string & {});
  /** At least one criterion. */
  criteria: Criterion[];
  /** Score bands; at least one. */
  bands: Band[];
  /** Missing-data policy; `zero` when absent. */
  missing?: MissingPolicy;
  /** Free text. */
  description?: string;
  /** Free text: where the profile comes from. */
  source?: string;
}

/**
 * A profile argument: a built-in id, a profile object, or the profile's
 * JSON text.
 */
export type ProfileInput = BuiltinProfileId | Profile | string;

/** The value of one record field. */
export type FieldValue = number | string | boolean | string[] | null;

/**
 * A partner record: a flat object of field → value. Numbers may arrive as
 * numeric strings (CRMs send them so); tags as a list or `"a;b"` text.
 * Null or blank text counts as missing.
 */
export interface PartnerRecord {
  [field: string]: FieldValue | undefined;
}

/** Alias of {@link PartnerRecord} (docs/design.md calls it a record). */
export type Record = PartnerRecord;

/** A record argument: an object or its JSON text. */
export type RecordInput = PartnerRecord | string;

/** How one criterion read the record. */
export type ContributionStatus = 'scored' | 'missing' | 'invalid';

/** One criterion's line in the explanation of a score. */
export interface Contribution {
  /** The criterion's id. */
  criterion: string;
  /** The criterion's label. */
  label: string;
  /** The record field read. */
  field: string;
  /** The value read, as given; `null` when missing. */
  value: FieldValue | { [key: string]: unknown } | unknown[];
  /** Subscore 0-1 (4 decimals). */
  subscore: number;
  /** Points won (one decimal). */
  points: number;
  /** Points possible (one decimal). */
  maxPoints: number;
  /** `scored`, `missing` or `invalid` (a value of the wrong type scores 0). */
  status: ContributionStatus;
  /** Why the value is `invalid` when it lies outside the criterion's `domain`; absent otherwise. */
  reason?: string;
}

/** A must-have that failed. */
export interface FailedGate {
  /** The criterion's id. */
  criterion: string;
  /** The check that failed, in terms of the value (`must be false, is true`). */
  reason: string;
  /** The same in words a person reads, from the criterion's label: `Disqualified: sells a competing product (a must-have)`. */
  explanation: string;
}

/** The explained fit score of one record. */
export interface ScoreResult {
  /** The profile's id. */
  profileId: string;
  /** 0-100, one decimal; 0 when disqualified. */
  score: number;
  /** The band's label; `null` when no band covers the score. */
  band: string | null;
  /** Whether a gate failed. */
  disqualified: boolean;
  /** The gates that failed. */
  failedGates: FailedGate[];
  /** What the record would score if no gate had failed (0-100, one decimal): the score the contributions' points add up to. Equals `score` when not disqualified. */
  scoreWithoutGates: number;
  /** Share of the weight with data, 0-1 (4 decimals). */
  coverage: number;
  /** Fields the profile reads that the record lacks. */
  missingFields: string[];
  /** One line per criterion, in profile order. */
  contributions: Contribution[];
}

/** One entry of {@link rankPartners}. */
export interface RankedPartner {
  /** The record's position in the input list. */
  index: number;
  /** Its score. */
  score: number;
  /** Its band. */
  band: string | null;
}

/** One entry of {@link recommendPartnerType}. */
export interface PartnerTypeRecommendation {
  /** The partner type. */
  partnerType: PartnerType;
  /** The record's score against that type's built-in profile. */
  score: number;
  /** Its band. */
  band: string | null;
}

/** The outcome of {@link validateProfile}. */
export interface ProfileValidation {
  /** True when the profile has no problem. */
  ok: boolean;
  /** Every problem found (empty when `ok`). */
  errors: ErrorInfo[];
}

// ---------------------------------------------------------------------------
// Economics (docs/design.md §3.3). The functions, their inputs and results
// are generated from the registry in src/economics.rs into
// www/lib/economics.d.ts and re-exported here.
// ---------------------------------------------------------------------------

export * from './economics.js';

/** What every economics input may carry. */
export interface WithCurrency {
  /** ISO 4217 code setting the rounding of money outputs; USD by default. */
  currency?: CurrencyCode;
}

/** What every economics result carries. */
export interface CurrencyResult {
  /** The currency used (upper case). */
  currency: CurrencyCode;
}

/** When the deal was registered. */
export type DealRegistrationStage = 'before-contact' | 'after-first-meeting' | 'late-stage' | 'unregistered';

/** Rates (0-1) per stage, overriding the defaults 0.25 / 0.20 / 0.15 / 0.10. */
export type DealRegistrationSchedule = { [stage in DealRegistrationStage]?: Money };

/** How a deal was sold. */
export type SalesMotion = 'partner-sourced' | 'co-sold' | 'partner-closed' | 'direct';

// ---------------------------------------------------------------------------
// Tiers (docs/design.md §3.4)
// ---------------------------------------------------------------------------

/** A tier as input: lower bound inclusive; a table needs one tier at 0. */
export interface TierInput {
  /** Unique (case-insensitively) within the table. */
  name: string;
  /** Lower bound of annual partner-sourced revenue (≥ 0, unique). */
  min: Money;
  /** What partners in the tier get. */
  benefits?: string;
}

/** A tier as output by {@link defaultTierTable}. */
export interface TierRow {
  /** Tier name. */
  name: string;
  /** Lower bound (decimal string). */
  min: DecimalString;
  /** What partners in the tier get; `null` when not given. */
  benefits: string | null;
}

/** Result of {@link assignTier}. */
export interface TierResult extends CurrencyResult {
  /** The tier reached. */
  tier: string;
  /** Its benefits; `null` when not given. */
  benefits: string | null;
  /** The next tier up; `null` at the top. */
  nextTier: string | null;
  /** Revenue still needed for the next tier (money); `null` at the top. */
  amountToNextTier: DecimalString | null;
}

// ---------------------------------------------------------------------------
// Functions (all synchronous; call init() first)
// ---------------------------------------------------------------------------

/**
 * Scores one record against a profile and explains the score.
 * @param record the record, or its JSON text
 * @param profileOrId a built-in id, a profile, or its JSON text
 * @throws {PartnerScoringError} e.g. `unknown-profile`, `invalid-json`, any profile error (path under `profile.`)
 */
export declare function scorePartner(record: RecordInput, profileOrId: ProfileInput): ScoreResult;

/**
 * Scores many records against one profile; results in input order.
 * @param records the records, or their JSON text
 * @param profileOrId a built-in id, a profile, or its JSON text
 * @throws {PartnerScoringError} errors in a record have paths under `records[i]`
 */
export declare function scorePartners(records: RecordInput[] | string, profileOrId: ProfileInput): ScoreResult[];

/**
 * Ranks records by score, best first, stable on ties.
 * @param records the records, or their JSON text
 * @param profileOrId a built-in id, a profile, or its JSON text
 * @throws {PartnerScoringError}
 */
export declare function rankPartners(records: RecordInput[] | string, profileOrId: ProfileInput): RankedPartner[];

/**
 * Scores a record against every built-in profile, best partner type first.
 * @param record the record, or its JSON text
 * @throws {PartnerScoringError}
 */
export declare function recommendPartnerType(record: RecordInput): PartnerTypeRecommendation[];

/**
 * The six built-in profiles (one per partner type), ready to copy and edit.
 * @throws {PartnerScoringError} only `not-initialized` or `internal`
 */
export declare function builtinProfiles(): Profile[];

/**
 * Checks a profile and lists every problem. Never throws for an invalid
 * profile (only `not-initialized` or `internal`).
 * @param profile a profile or its JSON text (any value is accepted and checked)
 */
export declare function validateProfile(profile: Profile | string | unknown): ProfileValidation;






// ---- Batch money: the input and output of a columnar twin of a per-deal
// economics function (www/lib/economics.d.ts declares the functions).

/**
 * The input of a columnar twin: each field of the single function's input
 * as a column (an array, one cell per row, every column of one length) or
 * as one value for every row. Objects such as `schedule` are shared.
 */
export type Columns<T> = { [K in keyof T]: T[K] | Array<T[K] | null> };

/** Each output field of the single function as a column (`null` where the single result is `null`). */
export type ColumnsOf<R> = { [K in keyof R]: Array<R[K]> };




/**
 * The tier for an annual partner-sourced revenue (lower bounds inclusive):
 * 25000 is Silver, 24999.99 Inactive, 100000 Gold, 500000 Platinum.
 * @param annualPartnerRevenue revenue (≥ 0)
 * @param table a tier table (or its JSON text); the default table when absent or null
 * @param currency ISO 4217 code for rounding `amountToNextTier`; USD when absent
 * @throws {PartnerScoringError} e.g. `negative-amount`, `duplicate-id`, `no-base-tier`
 */
export declare function assignTier(
  annualPartnerRevenue: Money,
  table?: TierInput[] | string | null,
  currency?: CurrencyCode | null,
): TierResult;

/** The default tier table: Inactive from 0, Silver 25K, Gold 100K, Platinum 500K. */
export declare function defaultTierTable(): TierRow[];

/** The stable error codes the module can throw, with their meaning. */
export declare function errorCodes(): ErrorCodeInfo[];

// ---------------------------------------------------------------------------
// Batch scoring
// ---------------------------------------------------------------------------

/** Scores and band indexes, one per row, in input order. */
export interface BatchScores {
  /** Scores 0-100, one decimal place. */
  scores: Float64Array;
  /** Index into {@link PartnerScorer.bandLabels} for each row; 255 when no band applies. */
  bands: Uint8Array;
}

/**
 * A dictionary-coded column: the distinct values cross once, then one code
 * per row indexes `values` (a code past the end, e.g. 0xFFFFFFFE, is
 * blank). With `numbers`, code 0xFFFFFFFF reads that row's number (NaN =
 * blank), for a column that mixes numbers and text.
 */
export interface CodedColumn {
  values: ReadonlyArray<string | number | boolean | null | ReadonlyArray<string>>;
  codes: Uint32Array;
  numbers?: Float64Array;
}

/**
 * One column per field for {@link PartnerScorer.scoreColumns}: a
 * `Float64Array` (NaN marks a blank cell), a `Uint8Array` (0, 1; any other
 * byte is blank), another numeric typed array (read as numbers), a
 * {@link CodedColumn}, or an array of values (text, numbers, booleans,
 * lists of tags; `null`, `undefined` or blank text are blank). Typed
 * arrays are copied into the module's memory once each.
 */
export type ScoreColumn =
  | Float64Array
  | Uint8Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint16Array
  | Uint32Array
  | CodedColumn
  | ReadonlyArray<string | number | boolean | null | undefined | ReadonlyArray<string>>;

/** A profile validated and compiled once, for scoring many rows fast. */
export interface PartnerScorer {
  /** The profile's id. */
  readonly profileId: string;
  /** The record fields the profile reads, in criterion order. */
  readonly fields: string[];
  /** Band labels, highest first. */
  readonly bandLabels: string[];
  /** Scores an array of record objects, or its JSON text. Same scores as {@link scorePartners}. */
  scoreRecords(records: ReadonlyArray<PartnerRecord> | string): BatchScores;
  /** Scores `rowCount` rows given as columns keyed by field name; missing columns are blank. */
  scoreColumns(columns: { readonly [field: string]: ScoreColumn }, rowCount: number): BatchScores;
  /** Frees the compiled profile's wasm memory now (a FinalizationRegistry frees it otherwise). */
  free(): void;
}

/**
 * Validates and compiles a profile (built-in id, profile object or its JSON
 * text) once; the handle then scores many records from objects or columns.
 * @throws {PartnerScoringError} as {@link scorePartner} does for a bad profile.
 */
export declare function createScorer(profileOrId: ProfileInput): PartnerScorer;

// ---------------------------------------------------------------------------
// Programme analytics and account mapping (rules: www/analytics/README.md)
// ---------------------------------------------------------------------------

/** A calendar date as text, `YYYY-MM-DD` (ISO 8601, no time, no zone). */
export type IsoDate = string;

/** Where a deal came from. Partner revenue is partner-sourced + co-sold + partner-closed. */
export type DealSource = 'partner-sourced' | 'co-sold' | 'partner-closed' | 'direct';

/** A deal's status. Won and lost deals need `closedAt`. */
export type DealStatus = 'open' | 'won' | 'lost';

/** A partner of the programme. */
export interface ProgramPartner {
  /** Unique id (text, or a whole number); deals point at it with `partnerId`. */
  id: string | number;
  name: string;
  /** Partner type, free text (e.g. a {@link PartnerType}). */
  type: string;
  /** The day the partnership was signed; partners signed after `asOf` are left out. */
  signedAt: IsoDate;
  certified?: boolean | null;
}

/** A deal. */
export interface ProgramDeal {
  /** Unique id: a deal is counted once. */
  id: string | number;
  /** Required for partner sources, refused for `direct`. */
  partnerId?: string | number | null;
  source: DealSource;
  /** Contract value, ≥ 0, in `currency`. */
  amount: Money;
  /** ISO 4217; the reporting currency when absent. */
  currency?: CurrencyCode | null;
  status: DealStatus;
  registeredAt?: IsoDate | null;
  /** The close day (required when won or lost; ignored for open deals). */
  closedAt?: IsoDate | null;
  /** Deal-registration stage for commission; `unregistered` when absent. */
  registrationStage?: DealRegistrationStage | null;
}

/** Input of {@link programMetrics} and {@link partnerScorecards}. */
export interface ProgramInput {
  /** At most 100,000. */
  partners: ProgramPartner[];
  /** At most 1,000,000. */
  deals: ProgramDeal[];
  /** The day the report is as of; the window is [asOf − 365 days, asOf], both inclusive. */
  asOf: IsoDate;
  /** Tier table for each partner's trailing-12-month revenue; the default table when absent. */
  tierTable?: TierInput[] | null;
  /** Commission rate by registration stage; overrides only the stages given. */
  commissionSchedule?: DealRegistrationSchedule | null;
  /** Rates to the reporting currency: `{EUR: "1.0825"}` means 1 EUR = 1.0825 of `currency`. */
  fx?: { [currency: string]: Money } | null;
  /** Reporting currency: when absent, the one currency the deals name, else USD. */
  currency?: CurrencyCode | null;
}

/** An exchange rate that was used, exactly as given. */
export interface FxConversion {
  currency: CurrencyCode;
  rate: DecimalString;
  /** How many deals were converted at it. */
  deals: number;
}

/** One month of the window: won revenue closed that month. */
export interface MonthlyRevenue {
  /** `YYYY-MM`. */
  month: string;
  /** Partner revenue (partner-sourced + co-sold + partner-closed), money. */
  partnerSourced: DecimalString;
  /** All won revenue, money. */
  total: DecimalString;
}

/** A partner's tier on its trailing-12-month revenue. */
export interface PartnerTierStatus {
  tier: string;
  revenue: DecimalString;
  nextTier: string | null;
  amountToNextTier: DecimalString | null;
}

/** Result of {@link programMetrics}. Money and ratios are decimal strings; counts and days are numbers. */
export interface ProgramMetrics {
  asOf: IsoDate;
  currency: CurrencyCode;
  window: { from: IsoDate; to: IsoDate };
  /** Won partner revenue in the window (partner-sourced + co-sold + partner-closed). */
  partnerSourcedRevenue: DecimalString;
  /** All won revenue in the window. */
  totalRevenue: DecimalString;
  /** partnerSourcedRevenue ÷ totalRevenue; `null` when there is no revenue. */
  partnerShare: DecimalString | null;
  /** Against the 20-35% target [S0]. */
  shareVerdict: 'below' | 'within' | 'above' | null;
  revenueBySource: { partnerSourced: DecimalString; coSold: DecimalString; partnerClosed: DecimalString; direct: DecimalString };
  /** Partners signed on or before asOf. */
  recruitedPartners: number;
  /** Recruited partners with a won deal in the window. */
  activePartners: number;
  revenuePerActivePartner: DecimalString | null;
  /** Share of recruited partners that registered a deal in [asOf − 90 days, asOf]. */
  dealRegistrationRate: DecimalString | null;
  /** Mean won deal in the window, partner and direct, and partner ÷ direct. */
  averageDealSize: { partner: DecimalString | null; direct: DecimalString | null; ratio: DecimalString | null };
  /** Won ÷ (won + lost) among deals closed in the window. */
  winRate: { partner: DecimalString | null; direct: DecimalString | null };
  timeToFirstDeal: {
    /** Days from signing to the first won deal (0 if it closed before signing); `null` when none yet. */
    byPartner: { [partnerId: string]: number | null };
    medianDays: number | null;
    /** First deal under 90 days ÷ (partners with a first deal + partners signed ≥ 90 days ago without one). */
    shareUnder90Days: DecimalString | null;
  };
  /** [S2] activation: recruited partners who have ever brought a deal (any status, known by asOf) ÷ recruitedPartners. */
  activationRate: DecimalString | null;
  /** activePartners (a won deal in the trailing 12 months) ÷ recruitedPartners. */
  activeShareTrailing12Months: DecimalString | null;
  tiers: { [partnerId: string]: PartnerTierStatus };
  /** Every month the window touches (13), oldest first. */
  monthly: MonthlyRevenue[];
  /** The fx rates used (empty when none). */
  conversions: FxConversion[];
}

/** One row of {@link partnerScorecards}: what to report back to a partner. */
export interface PartnerScorecard {
  partnerId: string;
  name: string;
  /** Deals registered in the window. */
  registeredDeals: number;
  /** Deals open on asOf (money). */
  openPipeline: DecimalString;
  wonDeals: number;
  /** Won in the window (money): the tier's revenue. */
  wonRevenue: DecimalString;
  winRate: DecimalString | null;
  /** Σ won amount × the schedule's rate for the deal's registration stage. */
  commissionEarned: DecimalString;
  tier: string;
  nextTier: string | null;
  amountToNextTier: DecimalString | null;
  currency: CurrencyCode;
}

/** An account status in a mapping list. */
export type AccountStatus = 'customer' | 'prospect' | 'opportunity';

/** An account: a domain (or URL, or e-mail address), a name, or both. */
export interface Account {
  domain?: string | null;
  name?: string | null;
  status: AccountStatus;
}

/** An account as {@link hashAccounts} gives it. */
export interface HashedAccount {
  /** HMAC-SHA256 of the normalised key, 64 hex digits. */
  hash: string;
  status: AccountStatus;
}

/** What accounts are matched on: `auto` (default) is the domain, else the name. */
export type MatchBy = 'auto' | 'domain' | 'name';

/** Input of {@link accountOverlap}: two plain lists or two hashed lists, each at most 1,000,000. */
export interface AccountOverlapInput {
  ours: Account[] | HashedAccount[];
  theirs: Account[] | HashedAccount[];
  matchBy?: MatchBy | null;
}

/** A shared account. */
export interface SharedAccount {
  /** The normalised domain or name, or the hash. */
  key: string;
  by: 'domain' | 'name' | 'hash';
  ours: AccountStatus;
  theirs: AccountStatus;
  /** Our domain or name as given; `null` for hashed lists. */
  label: string | null;
}

/** Result of {@link accountOverlap}. */
export interface AccountOverlap {
  /** Shared accounts by status pair, all nine pairs (customer, prospect, opportunity). */
  matrix: { ours: AccountStatus; theirs: AccountStatus; count: number }[];
  /** Sorted by key. */
  shared: SharedAccount[];
  /** Our prospects and opportunities that are their customers. */
  coSell: { key: string; by: 'domain' | 'name' | 'hash'; ours: AccountStatus; label: string | null }[];
  /** 100 × their customers in our list ÷ their customers (feeds customerOverlapPercent); `null` without customers. */
  customerOverlapPct: DecimalString | null;
  ourAccounts: number;
  theirAccounts: number;
  sharedAccounts: number;
  theirCustomers: number;
  theirCustomersShared: number;
}

/**
 * Programme metrics as of a date, over the trailing 12 months (docs/design.md
 * §3.5): partner revenue and its share against 20-35%, active partners,
 * registration rate, deal size and win rate, time to first deal,
 * activation, each partner's tier and the monthly series.
 * @throws {PartnerScoringError} e.g. `invalid-date`, `date-order`, `unknown-partner`, `unknown-status`, `unknown-source`, `mixed-currency`, `duplicate-id`, `limit-exceeded`
 */
export declare function programMetrics(input: ProgramInput | string): ProgramMetrics;

/**
 * One scorecard per partner signed on or before `asOf`, in input order.
 * @throws {PartnerScoringError} the same errors as {@link programMetrics}
 */
export declare function partnerScorecards(input: ProgramInput | string): PartnerScorecard[];

/**
 * The overlap of our account list and a partner's: the status matrix, the
 * shared accounts, the co-sell list and the customer overlap percentage.
 * @throws {PartnerScoringError} e.g. `unknown-status`, `missing-field`, `conflict` (plain against hashed), `limit-exceeded`
 */
export declare function accountOverlap(input: AccountOverlapInput | string): AccountOverlap;

/**
 * Private mode: HMAC-SHA256 under `secret` of each account's normalised key,
 * one per key, sorted by hash. Both sides hash with the same secret and
 * exchange the results. Anyone holding the secret can confirm a guessed
 * domain, so share it only with the partner.
 * @throws {PartnerScoringError} `missing-field` (no secret), account errors under `list[i]`
 */
export declare function hashAccounts(list: Account[] | string, secret: string, matchBy?: MatchBy | null): HashedAccount[];

/** Input of {@link fitProfile}. */
export interface FitInput {
  /** Partner records as {@link scorePartner} takes them; at most 100,000. */
  records: RecordInput[];
  /** One outcome per record, e.g. "active within 12 months of signing"; at least 20 of each class. */
  outcomes: boolean[];
  /** The base profile: a built-in id, a profile or its JSON text. */
  profile: ProfileInput;
  /** Seeds the folds and the bootstrap (default 1); whole number, 0 to 2^53. */
  seed?: number | null;
  /** Held-out folds, 2 to 20 (default 5). */
  folds?: number | null;
}

/** A criterion's fitted weight against its base weight. */
export interface FitImportance {
  criterion: string;
  label: string;
  /** The base weight as a share of 100. */
  base: number;
  /** The fitted weight (tenths, summing to 100); 0 when dropped. */
  fitted: number;
  /** 2.5th and 97.5th percentiles of the fitted share over bootstrap refits. */
  low: number;
  high: number;
  dropped: boolean;
}

/** What {@link fitProfile} found, and how sure it can be. */
export interface FitReport {
  n: number;
  positives: number;
  folds: number;
  seed: number;
  /** The L2 strength the held-out folds chose. */
  lambda: number;
  /** Mean held-out AUC of the fitted and of the base weights, and each fold's pair. */
  auc: { fitted: number; base: number; byFold: { fitted: number; base: number }[] };
  /** Per band of the fitted profile (held-out scores): count, positives, observed rate (`null` when empty). */
  calibration: { band: string; min: number; count: number; positives: number; rate: number | null }[];
  importance: FitImportance[];
  /** Outcome rate in the top decile of held-out fitted scores against the overall rate. */
  lift: { topDecileCount: number; topDecileRate: number; overallRate: number; lift: number };
  /** Criteria dropped for a negligible fitted weight. */
  dropped: string[];
  /** e.g. `few-outcomes`, `no-variation`, `dropped`, `gate-kept`, `disqualified`, `no-signal`, `no-improvement`, `renormalized`. */
  warnings: { code: string; criterion?: string; message: string }[];
}

/**
 * Learns a profile's weights from a team's own history: a non-negative,
 * L2-penalised logistic regression on the base profile's subscores, the
 * penalty chosen on held-out folds. Deterministic for a given input and
 * seed. Associations in that history, not causes.
 * @throws {PartnerScoringError} `length-mismatch`, `invalid-type` (`outcomes[i]`), `one-class`, `too-few-outcomes`, `limit-exceeded`, any record or profile error
 */
export declare function fitProfile(input: FitInput | string): { profile: Profile; report: FitReport };

/** Bytes of WebAssembly linear memory the module holds now; it grows and never shrinks. */
export declare function memoryBytes(): number;

/**
 * Instantiates the module synchronously from a compiled module or its bytes,
 * for hosts with no async start (the Google Sheets bundle). A no-op once
 * initialized.
 */
export declare function initSync(module: WebAssembly.Module | ArrayBuffer | ArrayBufferView): void;
