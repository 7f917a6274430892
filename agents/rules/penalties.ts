import type { PenaltySchedule } from "./types";

// Every figure below is from LAW.md §1 (2025-2026); nothing is estimated here.

export const ccpaPenalties: Record<string, PenaltySchedule> = {
  "PV-CA": {
    kind: "per_violation",
    currency: "USD",
    min: 2663,
    max: 7988,
    basis: "$2,663 per violation; $7,988 per intentional violation or one involving minors' personal information (CPI-adjusted 1 Jan 2025). No total cap; each consumer can count separately.",
    citation: "Cal. Civ. Code §1798.155, §1798.199.90; CPPA notice of 17 Dec 2024",
    benchmark: "Settlements: Healthline $1.55M for ~65,000 failed opt-outs (≈ $24 per consumer); Todd Snyder $345,178; Honda $632,500.",
  },
  "CA-BREACH": {
    kind: "per_violation",
    currency: "USD",
    min: 107,
    max: 799,
    basis: "$107–$799 per consumer per incident in a private action, only if a breach of unencrypted personal information results from the lack of reasonable security.",
    citation: "Cal. Civ. Code §1798.150",
    contingent: true,
  },
  NONE: { kind: "none", currency: "USD", basis: "Not a violation under this framework: no fine.", citation: "—" },
};

export const gdprPenalties: Record<string, PenaltySchedule> = {
  T4: {
    kind: "turnover_cap",
    currency: "EUR",
    fixed: 20_000_000,
    pct: 0.04,
    combine: "higher",
    basis: "Up to €20M or 4% of worldwide annual turnover, whichever is higher (Arts. 5, 6, 7, 9, 12-22, 44-49).",
    citation: "GDPR Art. 83(5)",
    benchmark: "CNIL: Shein €150M (2025), Google €325M (2025), Amazon €35M (2020); mid-size Brico Privé €500k (2022).",
  },
  T2: {
    kind: "turnover_cap",
    currency: "EUR",
    fixed: 10_000_000,
    pct: 0.02,
    combine: "higher",
    basis: "Up to €10M or 2% of worldwide annual turnover, whichever is higher (Arts. 8, 11, 25-39 incl. Art. 32 security, 42, 43).",
    citation: "GDPR Art. 83(4)",
  },
  EP: {
    kind: "none",
    currency: "EUR",
    basis: "Cookie/ePrivacy fines are set by national law (e.g. France, Art. 82 Loi Informatique et Libertés; CNIL fines up to €325M); no EU-wide figure is computed.",
    citation: "ePrivacy Directive 2002/58/EC Art. 5(3)",
  },
  NONE: { kind: "none", currency: "EUR", basis: "Not a violation under this framework: no fine.", citation: "—" },
};

const pecrOld: PenaltySchedule = {
  kind: "fixed_cap",
  currency: "GBP",
  max: 500_000,
  basis: "PECR fines were capped at £500,000 before the Data (Use and Access) Act 2025 commenced on 5 Feb 2026.",
  citation: "PECR (pre-DUAA)",
};

export const ukPenalties: Record<string, PenaltySchedule> = {
  "UK-T4": {
    kind: "turnover_cap",
    currency: "GBP",
    fixed: 17_500_000,
    pct: 0.04,
    combine: "higher",
    basis: "Higher tier: up to £17.5M or 4% of worldwide annual turnover, whichever is higher.",
    citation: "UK GDPR Art. 83; DPA 2018",
  },
  "UK-T2": {
    kind: "turnover_cap",
    currency: "GBP",
    fixed: 8_700_000,
    pct: 0.02,
    combine: "higher",
    basis: "Standard tier: up to £8.7M or 2% of worldwide annual turnover, whichever is higher.",
    citation: "UK GDPR Art. 83; DPA 2018",
  },
  "UK-EP": {
    kind: "turnover_cap",
    currency: "GBP",
    fixed: 17_500_000,
    pct: 0.04,
    combine: "higher",
    basis: "PECR as amended: up to £17.5M or 4% of worldwide annual turnover (DUAA 2025 s.115/Sch. 13, commenced 5 Feb 2026).",
    citation: "PECR reg. 6; Data (Use and Access) Act 2025; SI 2026/82",
    benchmark: "ICO reviewed the top 1,000 UK sites in 2025: 979 fixed, 17 preliminary notices, no fines yet.",
    before: { date: "2026-02-05", schedule: pecrOld },
  },
  NONE: { kind: "none", currency: "GBP", basis: "Not a violation under this framework: no fine.", citation: "—" },
};

export const lgpdPenalties: Record<string, PenaltySchedule> = {
  BR: {
    kind: "turnover_cap",
    currency: "BRL",
    fixed: 50_000_000,
    pct: 0.02,
    combine: "lower",
    basis: "Simple fine up to 2% of the group's revenue in Brazil (prior fiscal year, net of taxes), capped at BRL 50M per infraction; also daily fines, publicisation, blocking, deletion.",
    citation: "LGPD Art. 52 II; CD/ANPD Resolution 4/2023",
    benchmark: "ANPD v. Telekall (Jul 2023): BRL 14,400 + warning (first LGPD fine).",
  },
  NONE: { kind: "none", currency: "BRL", basis: "Not a violation under this framework: no fine.", citation: "—" },
};

export const pipedaPenalties: Record<string, PenaltySchedule> = {
  QC: {
    kind: "turnover_cap",
    currency: "CAD",
    fixed: 10_000_000,
    pct: 0.02,
    combine: "higher",
    basis: "Quebec administrative monetary penalty up to C$10M or 2% of worldwide turnover (penal fines up to C$25M or 4%); applies to Quebec visitors.",
    citation: "Quebec Private Sector Act (Law 25)",
  },
  "PIPEDA-NONE": {
    kind: "none",
    currency: "CAD",
    basis: "PIPEDA has no administrative fines; s.28 offences (up to C$100,000) cover only breach-record failures, obstruction and whistleblower retaliation. Website findings carry no fine (Bill C-27 died on 6 Jan 2025).",
    citation: "PIPEDA s.28",
  },
  NONE: { kind: "none", currency: "CAD", basis: "Not a violation under this framework: no fine.", citation: "—" },
};

export const popiaPenalties: Record<string, PenaltySchedule> = {
  ZA: {
    kind: "fixed_cap",
    currency: "ZAR",
    max: 10_000_000,
    basis: "Administrative fine up to R10 million; serious offences R10M and/or 10 years' imprisonment.",
    citation: "POPIA s.109",
    benchmark: "The Information Regulator fined the Department of Justice R5M for not complying with an enforcement notice.",
  },
  NONE: { kind: "none", currency: "ZAR", basis: "Not a violation under this framework: no fine.", citation: "—" },
};
