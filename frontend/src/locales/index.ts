import type { Locale } from "../lib/format";
import { en } from "./en";
import { ptBR } from "./pt-BR";
import type { Catalogue } from "./types";

export type { Catalogue, Message, MessageKey } from "./types";

export const CATALOGUES: Record<Locale, Catalogue> = { "pt-BR": ptBR, en };
