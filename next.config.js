/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM-backed server packages are loaded by Node, not bundled.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // The app's own type check; tests are type-checked by `npm test` (tsc over everything).
  typescript: { tsconfigPath: "tsconfig.build.json" },
  experimental: {
    // Enables forbidden() / app/forbidden.tsx, so role checks answer a real 403.
    authInterrupts: true,
  },
};

module.exports = nextConfig;
