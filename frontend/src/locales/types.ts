import type { ptBR } from "./pt-BR";

/** A message: text with {placeholders}, or plural forms picked by Intl.PluralRules from {count}. */
export type Message = string | { one: string; other: string; zero?: string; two?: string; few?: string; many?: string };

export type MessageKey = keyof typeof ptBR;
export type Catalogue = Record<MessageKey, Message>;
