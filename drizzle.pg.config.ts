// The team server's PostgreSQL schema and migrations (SQLite's are in drizzle.config.ts).
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/main/team/pg/schema/index.ts',
  out: './drizzle/pg',
  casing: 'snake_case',
  strict: true
})
