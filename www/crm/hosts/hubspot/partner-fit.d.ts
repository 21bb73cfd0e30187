// Types of the bundle build.mjs writes next to the card
// (src/app/cards/generated/partner-fit.js), from partner-fit.js.

export declare const PANEL_BASE: string;
export declare const PROPERTIES: string[];

export type CompanyScore =
  | { ok: true; label: string | null; score: number; band: string | null; disqualified: boolean; coverage: number; profile: string; missing: number; problems: number }
  | { ok: false; reason: string; path?: string; message: string };

export declare function scoreCompany(properties: Record<string, string | null>): CompanyScore;

export declare function panelUri(
  context: { crm?: { objectId?: number | string; objectTypeId?: string } },
  properties: Record<string, string | null>,
): string;
