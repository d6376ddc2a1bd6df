/** The context a Lambda-style handler gets locally: the members handlers commonly read. */
export interface LocalLambdaContext {
  functionName: string;
  invokedFunctionArn: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

export type LambdaHandler = (event: unknown, context: LocalLambdaContext) => Promise<unknown>;

/**
 * The project's services, registered by function name and addressed by rules as
 * `arn:aws:lambda:<region>:<account>:function:<name>` (aliases and versions, `:name:alias`, are ignored).
 */
export class FunctionRegistry {
  private readonly handlers = new Map<string, LambdaHandler>();

  registerFunction(name: string, handler: LambdaHandler): void {
    this.handlers.set(name, handler);
  }

  get(name: string): LambdaHandler | undefined {
    return this.handlers.get(name);
  }

  names(): string[] {
    return [...this.handlers.keys()].sort();
  }
}

export const functionNameOfArn = (arn: string): string | undefined =>
  /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(arn)?.[1];
