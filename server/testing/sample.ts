import type { Caller, TestApp } from './app.ts';

export type SampleRequest = { caller: Caller | null; method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; payload?: unknown };

/** For each state-changing route (`METHOD /url/:param`), how to make one call that succeeds. */
export type RouteSamples = Record<string, () => Promise<SampleRequest>>;
export type SampleFactory = (t: TestApp, admin: () => Promise<Caller>) => RouteSamples;

/** A short random suffix for codes and names that must be unique. */
export const uid = (): string => Math.random().toString(36).slice(2, 10);
