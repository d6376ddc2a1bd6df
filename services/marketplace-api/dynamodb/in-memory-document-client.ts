// An in-memory stand-in for DynamoDBDocumentClient with the few semantics the Marketplace API's
// stores use: Get, Put (with a ConditionExpression of `attribute_not_exists(a)` and `a <op> :v`
// clauses joined by OR), Delete, Query on `pk = :pk`, and TransactWrite of Puts and Deletes. It
// records every command, so tests can check shapes too. It proves the stores' logic against these
// semantics; it does not prove DynamoDB's own (consistency, limits, expression syntax beyond these).
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;
interface Input {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  TransactItems?: { Put?: Input; Delete?: Input }[];
}

export class InMemoryDocumentClient {
  readonly items = new Map<string, Item>();
  readonly commands: { name: string; input: Input }[] = [];

  async send(command: { input: object }): Promise<unknown> {
    const input = structuredClone(command.input) as Input;
    this.commands.push({ name: command.constructor.name, input });
    if (command instanceof GetCommand) {
      const item = this.items.get(id(input.TableName, input.Key));
      return { Item: item && structuredClone(item) };
    }
    if (command instanceof PutCommand) return this.put(input);
    if (command instanceof DeleteCommand) {
      this.items.delete(id(input.TableName, input.Key));
      return {};
    }
    if (command instanceof QueryCommand) {
      const pk = input.ExpressionAttributeValues?.[':pk'];
      const Items = [...this.items.values()].filter((i) => i['pk'] === pk).map((i) => structuredClone(i));
      return { Items };
    }
    if (command instanceof TransactWriteCommand) {
      for (const t of input.TransactItems ?? []) {
        if (t.Put) await this.put(t.Put);
        if (t.Delete) this.items.delete(id(t.Delete.TableName, t.Delete.Key));
      }
      return {};
    }
    throw new Error(`InMemoryDocumentClient: ${command.constructor.name} is not supported`);
  }

  private async put(input: Input): Promise<object> {
    const item = input.Item ?? {};
    const key = id(input.TableName, item);
    if (input.ConditionExpression && !holds(input, this.items.get(key))) {
      const error = new Error('The conditional request failed');
      error.name = 'ConditionalCheckFailedException';
      throw error;
    }
    this.items.set(key, item);
    return {};
  }
}

function id(table: string | undefined, key: Item | undefined): string {
  return JSON.stringify([table, key?.['pk'], key?.['sk']]);
}

function holds(input: Input, current: Item | undefined): boolean {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  return (input.ConditionExpression ?? '').split(' OR ').some((clause) => {
    const absent = /^attribute_not_exists\((\S+)\)$/.exec(clause.trim());
    if (absent) return current?.[names[absent[1]!] ?? absent[1]!] === undefined;
    const compare = /^(\S+) (<=|<|=|>=|>) (:\w+)$/.exec(clause.trim());
    if (!compare) throw new Error(`InMemoryDocumentClient: cannot evaluate ${clause}`);
    const left = current?.[names[compare[1]!] ?? compare[1]!];
    const right = values[compare[3]!];
    if (typeof left !== 'number' || typeof right !== 'number') return false;
    return {
      '<=': left <= right,
      '<': left < right,
      '=': left === right,
      '>=': left >= right,
      '>': left > right,
    }[compare[2] as '<='];
  });
}
