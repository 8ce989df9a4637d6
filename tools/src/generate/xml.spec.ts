import { decodeEntities, parseXml } from './xml';

describe('parseXml', () => {
  it('reads elements and decoded attributes, skipping comments, PIs and text', () => {
    const doc = parseXml(`<?xml version="1.0"?>
      <!-- <entry group="dead"/> -->
      <tables edition="2008">
        <module ref="C.1" name="A &amp; B">
          <entry group="0010" element="0010" name="&gt;Name" type='2'>text <b/> more</entry>
          <include ref="&gt;Include 'X' Table 1-1"/>
        </module>
      </tables>`);
    expect(doc.name).toBe('tables');
    expect(doc.attrs).toEqual({ edition: '2008' });
    const [module] = doc.children;
    expect(module?.attrs['name']).toBe('A & B');
    expect(module?.children.map((c) => c.name)).toEqual(['entry', 'include']);
    expect(module?.children[0]?.attrs).toEqual({ group: '0010', element: '0010', name: '>Name', type: '2' });
    expect(module?.children[0]?.children.map((c) => c.name)).toEqual(['b']);
  });

  it('decodes numeric entities', () => {
    expect(decodeEntities('&#62;&#x3e;&lt;&quot;&apos;')).toBe(`>><"'`);
  });

  it('refuses malformed or unbalanced markup instead of skipping it', () => {
    expect(() => parseXml('<a><b></a>')).toThrow('closes');
    expect(() => parseXml('<a>')).toThrow('never closed');
    expect(() => parseXml('<a x=1/>')).toThrow('cannot read markup');
    expect(() => parseXml('<a/><b/>')).toThrow('exactly one root');
  });
});
