export declare function requiredNodeRange(): string;
export declare function nodeVersionProblem(version?: string, range?: string): string | null;
export declare function exitOnUnsupportedNode(): void;
