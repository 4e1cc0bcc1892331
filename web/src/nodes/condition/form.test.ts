import { describe, expect, it } from 'vitest';
import kindsDocument from '../../test-fixtures/node-kinds.json';
import type { NodeKinds } from '../../api/node-kinds';
import { fieldsOf, validate } from '../../inspector/schema-form';
import { conditionForm } from './form';

const kinds = kindsDocument as unknown as NodeKinds;
const condition = kinds.kinds.find((k) => k.kind === 'condition')!.data_schema;

describe('the condition form', () => {
  it('givenASubjectWithoutAKey_itShowsNoKeyField', () => {
    expect(fieldsOf(conditionForm(condition, {}, kinds)).map((f) => f.name)).toEqual(['subject']);
    expect(
      fieldsOf(conditionForm(condition, { subject: 'tags' }, kinds)).map((f) => f.name),
    ).toEqual(['subject']);
  });

  it('givenAVariableOrAttributeSubject_itsKeyIsARequiredField', () => {
    for (const subject of ['variable', 'attribute']) {
      const schema = conditionForm(condition, { subject }, kinds);
      expect(fieldsOf(schema).map((f) => [f.name, f.required])).toEqual([
        ['subject', false],
        ['key', true],
      ]);
      expect(validate(schema, { subject })).toEqual({ key: 'Required.' });
    }
  });
});
