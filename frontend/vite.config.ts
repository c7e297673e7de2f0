/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Built files are served by the API at / (backend/app.py); `npm run dev` proxies /api to it.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": "http://127.0.0.1:8000" } },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 450 },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}", "eslint/**/*.test.js"],
    setupFiles: ["src/test/setup.ts"],
  },
});
