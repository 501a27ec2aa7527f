export declare const OPENAPI_FILE: string;
export declare const API_TYPES_FILE: string;
export declare function generateApiTypes(openapiText: string): Promise<string>;
