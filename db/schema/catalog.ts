import { foreignKey, integer, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

// The practices catalog: global and read-only for the app role. Versioned by framework code so a
// later revision of the practices can sit beside ICMA-2017.

export const dimensionKind = pgEnum("dimension_kind", ["leadership", "management"]);

export const frameworks = pgTable("frameworks", {
  code: text().primaryKey(),
  name: text().notNull(),
  approved: text().notNull(),
});

export const practiceGroups = pgTable(
  "practice_groups",
  {
    frameworkCode: text()
      .notNull()
      .references(() => frameworks.code),
    position: integer().notNull(),
    phrase: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.frameworkCode, t.position] })],
);

export const practices = pgTable(
  "practices",
  {
    frameworkCode: text()
      .notNull()
      .references(() => frameworks.code),
    number: integer().notNull(),
    name: text().notNull(),
    definition: text().notNull(),
    groupPosition: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.frameworkCode, t.number] }),
    foreignKey({
      columns: [t.frameworkCode, t.groupPosition],
      foreignColumns: [practiceGroups.frameworkCode, practiceGroups.position],
    }),
  ],
);

export const practiceDimensions = pgTable(
  "practice_dimensions",
  {
    frameworkCode: text().notNull(),
    practiceNumber: integer().notNull(),
    kind: dimensionKind().notNull(),
    letter: text().notNull(),
    position: integer().notNull(),
    text: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.frameworkCode, t.practiceNumber, t.kind, t.letter] }),
    foreignKey({
      columns: [t.frameworkCode, t.practiceNumber],
      foreignColumns: [practices.frameworkCode, practices.number],
    }),
  ],
);
