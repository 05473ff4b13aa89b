// `npm run build`: the same production build `npm start` and the tests make (scripts/build-hash.ts buildApp).
import { buildApp } from "./build-hash.ts";

buildApp(process.env);
