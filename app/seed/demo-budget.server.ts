// The demo city's budget: the previous and the current fiscal year, ~200 lines each over the
// demo departments (general fund, special revenue, capital, debt service, enterprise and internal
// service funds; personnel, operating, capital, debt service and other lines), practice links on
// most lines and a few lines funding each objective of the demo plan.
// Deterministic (a seeded PRNG), and money is computed in bigint cents from integer draws: no
// amount ever passes through a float. The previous year is closed (actuals near the amended
// budget); the current year's actuals follow the months elapsed at `today`.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { organizationTodayOf } from "~/modules/core/organization.server";
import { currentFiscalYear, fiscalYearRange } from "~/modules/core/periods";
import type { Transaction } from "#db/client.server";
import { budgetLineObjectives, budgetLinePractices, budgetLines, departments, fiscalYears, objectives, organizations } from "#db/schema";

type Category = "personnel" | "operating" | "capital" | "debt_service" | "other";

const FUNDS: Record<string, string> = {
  "100": "General Fund",
  "210": "Street Fund",
  "220": "Library Levy Fund",
  "250": "Public Safety Levy Fund",
  "310": "Capital Projects Fund",
  "410": "Debt Service Fund",
  "510": "Water Utility Fund",
  "520": "Sewer Utility Fund",
  "530": "Stormwater Utility Fund",
  "610": "Fleet Services Fund",
  "620": "Information Technology Fund",
};

const ACCOUNTS: Record<string, { name: string; category: Category }> = {
  "5110": { name: "Salaries and wages", category: "personnel" },
  "5120": { name: "Overtime", category: "personnel" },
  "5130": { name: "Part-time and temporary wages", category: "personnel" },
  "5210": { name: "Health insurance", category: "personnel" },
  "5220": { name: "Retirement and payroll taxes", category: "personnel" },
  "5240": { name: "Workers' compensation", category: "personnel" },
  "6120": { name: "Operating supplies", category: "operating" },
  "6210": { name: "Professional services", category: "operating" },
  "6220": { name: "Contract services", category: "operating" },
  "6310": { name: "Utilities", category: "operating" },
  "6320": { name: "Fuel", category: "operating" },
  "6410": { name: "Repairs and maintenance", category: "operating" },
  "6510": { name: "Training and travel", category: "operating" },
  "6610": { name: "Software licenses", category: "operating" },
  "6810": { name: "Fleet charges", category: "operating" },
  "6820": { name: "Technology charges", category: "operating" },
  "7110": { name: "Vehicles", category: "capital" },
  "7120": { name: "Machinery and equipment", category: "capital" },
  "7210": { name: "Buildings and improvements", category: "capital" },
  "7310": { name: "Infrastructure", category: "capital" },
  "8110": { name: "Bond principal", category: "debt_service" },
  "8120": { name: "Bond interest", category: "debt_service" },
  "9110": { name: "Transfers out", category: "other" },
  "9210": { name: "Contingency", category: "other" },
};

type ProgramSpec = {
  dept: string;
  fund: string;
  code: string;
  name: string;
  /** Salaries in thousands of dollars (0: a program without staff). */
  salariesK: number;
  /** Extra personnel accounts beyond salaries, health insurance, retirement and payroll taxes. */
  personnel?: string[];
  /** Operating accounts with their size in thousands of dollars. */
  operating: [string, number][];
  /** Capital, debt service and other accounts with their size in thousands of dollars. */
  other?: [string, number][];
  /** Practice numbers; the first is the primary link. */
  practices: number[];
};

const PROGRAMS: ProgramSpec[] = [
  { dept: "CMO", fund: "100", code: "1010", name: "City Administration", salariesK: 980, operating: [["6210", 140], ["6510", 22]], practices: [6, 7] },
  { dept: "CMO", fund: "100", code: "1020", name: "Communications", salariesK: 310, personnel: ["5130"], operating: [["6120", 18], ["6220", 95], ["6610", 24]], practices: [14, 2] },
  { dept: "FIN", fund: "100", code: "1110", name: "Accounting", salariesK: 720, operating: [["6210", 165], ["6610", 88], ["6510", 14]], practices: [12, 1] },
  { dept: "FIN", fund: "100", code: "1120", name: "Budget", salariesK: 410, operating: [["6210", 60]], practices: [12, 7] },
  { dept: "FIN", fund: "100", code: "1130", name: "Purchasing", salariesK: 290, operating: [["6610", 35]], practices: [12, 1] },
  { dept: "FIN", fund: "410", code: "1190", name: "General Obligation Debt", salariesK: 0, operating: [["6210", 25]], other: [["8110", 3150], ["8120", 1260]], practices: [12] },
  { dept: "FIN", fund: "100", code: "1195", name: "Non-departmental", salariesK: 0, operating: [], other: [["9110", 2400], ["9210", 750]], practices: [12] },
  { dept: "HR", fund: "100", code: "1210", name: "Recruitment and Classification", salariesK: 460, operating: [["6220", 85], ["6610", 42], ["6120", 9]], practices: [13, 3] },
  { dept: "HR", fund: "100", code: "1220", name: "Training and Development", salariesK: 190, operating: [["6510", 160], ["6220", 70]], practices: [4, 5] },
  { dept: "HR", fund: "100", code: "1230", name: "Benefits and Wellness", salariesK: 240, operating: [["6210", 55], ["6220", 30]], practices: [13] },
  { dept: "IT", fund: "620", code: "1310", name: "Infrastructure and Security", salariesK: 880, operating: [["6610", 420], ["6410", 75], ["6510", 28]], other: [["7120", 310]], practices: [11] },
  { dept: "IT", fund: "620", code: "1320", name: "Business Applications", salariesK: 760, operating: [["6610", 530], ["6220", 140]], practices: [11, 10] },
  { dept: "PW", fund: "100", code: "2010", name: "Engineering", salariesK: 1150, operating: [["6210", 260], ["6120", 24], ["6810", 48]], practices: [10, 7] },
  { dept: "PW", fund: "610", code: "2050", name: "Fleet Services", salariesK: 640, personnel: ["5120", "5240"], operating: [["6320", 780], ["6410", 520], ["6120", 90]], other: [["7110", 900]], practices: [10] },
  { dept: "PW-ST", fund: "210", code: "2110", name: "Street Maintenance", salariesK: 1380, personnel: ["5120", "5240"], operating: [["6120", 310], ["6410", 240], ["6810", 280], ["6310", 160]], practices: [10, 9] },
  { dept: "PW-ST", fund: "210", code: "2120", name: "Traffic Operations", salariesK: 520, personnel: ["5120"], operating: [["6120", 95], ["6310", 210], ["6220", 120]], practices: [10, 9] },
  { dept: "PW-ST", fund: "310", code: "2190", name: "Pavement Program", salariesK: 0, operating: [["6210", 180]], other: [["7310", 4200]], practices: [10, 7] },
  { dept: "UTIL", fund: "510", code: "2210", name: "Water Distribution", salariesK: 1640, personnel: ["5120"], operating: [["6120", 420], ["6410", 380], ["6310", 520], ["6810", 190]], other: [["7310", 2600]], practices: [10] },
  { dept: "UTIL", fund: "510", code: "2220", name: "Water Treatment", salariesK: 1120, personnel: ["5120"], operating: [["6120", 690], ["6310", 880], ["6210", 140]], other: [["7120", 450]], practices: [10, 1] },
  { dept: "UTIL", fund: "510", code: "2290", name: "Water Revenue Bonds", salariesK: 0, operating: [], other: [["8110", 1850], ["8120", 940]], practices: [12] },
  { dept: "UTIL", fund: "520", code: "2310", name: "Sewer Collection and Treatment", salariesK: 1430, personnel: ["5120"], operating: [["6120", 510], ["6310", 760], ["6410", 330]], other: [["7310", 1900]], practices: [10] },
  { dept: "UTIL", fund: "530", code: "2410", name: "Stormwater", salariesK: 480, operating: [["6220", 260], ["6410", 140]], other: [["7310", 850]], practices: [10, 7] },
  { dept: "PD", fund: "100", code: "3010", name: "Patrol", salariesK: 8900, personnel: ["5120", "5240"], operating: [["6120", 240], ["6320", 380], ["6810", 620], ["6510", 120]], other: [["7110", 560]], practices: [9, 10] },
  { dept: "PD", fund: "100", code: "3020", name: "Investigations", salariesK: 2700, personnel: ["5120"], operating: [["6120", 85], ["6220", 110], ["6610", 90]], practices: [10] },
  { dept: "PD", fund: "250", code: "3030", name: "Community Policing", salariesK: 1250, personnel: ["5120"], operating: [["6120", 45], ["6220", 60], ["6510", 70]], practices: [2, 3] },
  { dept: "FD", fund: "100", code: "3110", name: "Fire Suppression", salariesK: 7600, personnel: ["5120", "5240"], operating: [["6120", 310], ["6410", 260], ["6810", 410], ["6510", 140]], other: [["7110", 1150]], practices: [10, 9] },
  { dept: "FD", fund: "250", code: "3120", name: "Emergency Medical Services", salariesK: 2900, personnel: ["5120"], operating: [["6120", 380], ["6220", 150]], practices: [9, 10] },
  { dept: "FD", fund: "100", code: "3130", name: "Fire Prevention", salariesK: 640, operating: [["6120", 30], ["6510", 35]], practices: [2, 9] },
  { dept: "PRK", fund: "100", code: "4010", name: "Parks Maintenance", salariesK: 1320, personnel: ["5130"], operating: [["6120", 260], ["6310", 340], ["6410", 180], ["6810", 150]], practices: [10] },
  { dept: "PRK", fund: "100", code: "4020", name: "Recreation Programs", salariesK: 860, personnel: ["5130"], operating: [["6120", 140], ["6220", 190]], practices: [9, 3] },
  { dept: "PRK", fund: "310", code: "4090", name: "Park Improvements", salariesK: 0, operating: [["6210", 120]], other: [["7210", 1600]], practices: [9, 7] },
  { dept: "LIB", fund: "220", code: "5010", name: "Library Services", salariesK: 1480, personnel: ["5130"], operating: [["6120", 420], ["6610", 130], ["6310", 120]], other: [["7210", 380]], practices: [9, 3, 14] },
  { dept: "CD", fund: "100", code: "6010", name: "Planning", salariesK: 820, operating: [["6210", 230]], practices: [7, 2] },
  { dept: "CD", fund: "100", code: "6020", name: "Building Permits and Inspections", salariesK: 1060, operating: [["6610", 95], ["6810", 60]], practices: [9, 10] },
  { dept: "CD", fund: "100", code: "6030", name: "Housing and Neighborhoods", salariesK: 360, operating: [["6220", 540], ["6210", 80]], practices: [3, 9] },
  { dept: "CLK", fund: "100", code: "7010", name: "Records and Public Information", salariesK: 350, operating: [["6610", 48]], practices: [14, 1] },
  { dept: "CLK", fund: "100", code: "7020", name: "Elections", salariesK: 90, personnel: ["5130"], operating: [["6220", 120], ["6120", 15]], practices: [2, 1] },
];

/** mulberry32: the same sequence for the same seed on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [min, max], from the PRNG (the only place a float appears: a draw). */
const draw = (rand: () => number, min: number, max: number) => BigInt(min + Math.floor(rand() * (max - min + 1)));

/** amount × basis points ÷ 10,000, rounded down to a whole dollar (budgets are adopted in dollars). */
const scaleToDollars = (cents: bigint, basisPoints: bigint) => ((cents * basisPoints) / 10_000n / 100n) * 100n;

type PersonnelShare = { account: string; minBp: number; maxBp: number };
const PERSONNEL_SHARES: Record<string, PersonnelShare> = {
  "5120": { account: "5120", minBp: 600, maxBp: 1400 },
  "5130": { account: "5130", minBp: 500, maxBp: 1800 },
  "5210": { account: "5210", minBp: 1600, maxBp: 2000 },
  "5220": { account: "5220", minBp: 2600, maxBp: 3200 },
  "5240": { account: "5240", minBp: 150, maxBp: 450 },
};

export type DemoBudgetInput = {
  orgId: string;
  departmentIdsByCode: Map<string, string> | Record<string, string>;
  /** The demo's "now" (YYYY-MM-DD); defaults to today. */
  today?: string;
};

/**
 * Seeds the budget inside the caller's tenant transaction (departments and, for the funding
 * links, the demo plan already inserted). Returns the fiscal years and how much was created.
 */
export async function seedDemoBudget(
  tx: Transaction,
  input: DemoBudgetInput,
): Promise<{ fiscalYears: number[]; lines: number; practiceLinks: number; fundingLinks: number }> {
  const { orgId } = input;
  const today = input.today ?? (await organizationTodayOf(tx, orgId));
  const deptId = (code: string): string => {
    const id = input.departmentIdsByCode instanceof Map ? input.departmentIdsByCode.get(code) : input.departmentIdsByCode[code];
    if (!id) throw new Error(`Demo budget needs department ${code}`);
    return id;
  };
  const [org] = await tx.select({ fy: organizations.fiscalYearStartMonth }).from(organizations).where(eq(organizations.id, orgId));
  const startMonth = org?.fy ?? 7;
  const current = currentFiscalYear(startMonth, today);
  const previous = current - 1;
  // Months of the current fiscal year that are over (actuals follow them), in basis points.
  const monthsElapsed = (Number(today.slice(5, 7)) - startMonth + 12) % 12;
  const elapsedBp = BigInt(Math.max(1, monthsElapsed) * 10_000) / 12n;
  await tx.insert(fiscalYears).values([previous, current].map((fy) => ({ orgId, ...fiscalYearRange(fy, startMonth) }))).onConflictDoNothing();

  const departmentRows = await tx.select({ code: departments.code, name: departments.name }).from(departments).where(eq(departments.orgId, orgId));
  const departmentName = new Map(departmentRows.map((d) => [d.code, d.name]));
  const rand = prng(20260415);
  type LineSpec = { key: string; program: ProgramSpec; account: string; base: bigint };
  const specs: LineSpec[] = [];
  for (const p of PROGRAMS) {
    const salaries = BigInt(p.salariesK) * 1000_00n + draw(rand, 0, 99) * 100_00n;
    const personnel: [string, bigint][] = [];
    if (p.salariesK > 0) {
      personnel.push(["5110", salaries]);
      for (const a of ["5210", "5220", ...(p.personnel ?? [])]) {
        const share = PERSONNEL_SHARES[a]!;
        personnel.push([a, scaleToDollars(salaries, draw(rand, share.minBp, share.maxBp))]);
      }
    }
    const sized = (list: [string, number][]) =>
      list.map(([a, k]): [string, bigint] => [a, BigInt(k) * 1000_00n + draw(rand, 0, 9) * 100_00n + draw(rand, 0, 99) * 100n]);
    for (const [account, base] of [...personnel, ...sized(p.operating), ...sized(p.other ?? [])]) {
      specs.push({ key: `${p.fund}|${p.dept}|${p.code}|${account}`, program: p, account, base });
    }
  }

  const lineRows: (typeof budgetLines.$inferInsert)[] = [];
  const linkRows: (typeof budgetLinePractices.$inferInsert)[] = [];
  for (const fy of [previous, current]) {
    for (const s of specs) {
      const category = ACCOUNTS[s.account]!.category;
      // The current year grows 0–6 % on the previous one; one line in five is amended (−3 to +9 %).
      const adopted = fy === current ? scaleToDollars(s.base, draw(rand, 10_000, 10_600)) : s.base;
      const amended = rand() < 0.2 ? scaleToDollars(adopted, draw(rand, 9_700, 10_900)) : adopted;
      const closedShareBp = category === "capital" ? draw(rand, 6_000, 10_000) : draw(rand, 9_200, 10_100);
      const runRateBp = (elapsedBp * draw(rand, 8_500, 10_500)) / 10_000n;
      const actual = (amended * (fy === previous ? closedShareBp : runRateBp)) / 10_000n;
      const encumbered =
        fy === current && (category === "operating" || category === "capital") ? (amended * draw(rand, 0, category === "capital" ? 3_000 : 800)) / 10_000n : 0n;
      const id = randomUUID();
      const [fund, unit, program, account] = s.key.split("|") as [string, string, string, string];
      lineRows.push({
        orgId,
        id,
        fiscalYear: fy,
        lineKey: s.key,
        departmentId: deptId(s.program.dept),
        category,
        fundCode: fund,
        fundName: FUNDS[fund]!,
        unitCode: unit,
        unitName: departmentName.get(unit) ?? unit,
        programCode: program,
        programName: s.program.name,
        accountCode: account,
        accountName: ACCOUNTS[account]!.name,
        adoptedCents: adopted,
        amendedCents: amended,
        actualCents: actual,
        encumberedCents: encumbered,
      });
      // Most lines carry their program's practices (the first primary); one in nine is not linked
      // yet, as in a city part-way through mapping its budget. Training lines also serve practice 5.
      if (rand() < 1 / 9) continue;
      const practices = [...s.program.practices];
      if (s.account === "6510" && !practices.includes(5)) practices.push(5);
      practices.forEach((n, i) => linkRows.push({ orgId, budgetLineId: id, frameworkCode: "ICMA-2017", practiceNumber: n, isPrimary: i === 0 }));
    }
  }

  // Each objective of the demo plan is funded by one or two current-year lines of its department
  // (operating or capital lines, which is where projects are paid from).
  const objectiveRows = await tx
    .select({ id: objectives.id, departmentId: objectives.ownerDepartmentId, code: objectives.code })
    .from(objectives)
    .where(eq(objectives.orgId, orgId));
  objectiveRows.sort((a, b) => a.code.localeCompare(b.code, "en", { numeric: true }));
  const fundingRows: (typeof budgetLineObjectives.$inferInsert)[] = [];
  for (const o of objectiveRows) {
    const candidates = lineRows.filter(
      (l) => l.fiscalYear === current && l.departmentId === o.departmentId && (l.category === "operating" || l.category === "capital"),
    );
    const count = Math.min(candidates.length, 1 + Math.floor(rand() * 2));
    const start = Math.floor(rand() * Math.max(1, candidates.length));
    for (let i = 0; i < count; i++) fundingRows.push({ orgId, budgetLineId: candidates[(start + i) % candidates.length]!.id!, objectiveId: o.id });
  }

  for (let i = 0; i < lineRows.length; i += 500) await tx.insert(budgetLines).values(lineRows.slice(i, i + 500));
  for (let i = 0; i < linkRows.length; i += 500) await tx.insert(budgetLinePractices).values(linkRows.slice(i, i + 500));
  if (fundingRows.length) await tx.insert(budgetLineObjectives).values(fundingRows).onConflictDoNothing();
  return { fiscalYears: [previous, current], lines: lineRows.length, practiceLinks: linkRows.length, fundingLinks: fundingRows.length };
}
