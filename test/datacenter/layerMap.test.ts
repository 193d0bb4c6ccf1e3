/**
 * profileToModelLayers against the TF.js models themselves: for every model of the zoo, the
 * parameters of the TF.js layers mapped to a profile entry add up to the entry's `params`, every
 * TF.js layer is mapped exactly once and in order, and cnn's Flatten (no profile entry) joins
 * dense1.
 */
import test from 'ava';
import { models } from '../../src/learning/models.js';
import { profileToModelLayers } from '../../src/datacenter/partition/layerMap.js';

for (const name of models.names()) {
  test(`${name}: mapped TF.js parameter counts equal the profile's`, (t) => {
    const def = models.get(name)();
    const model = def.build();
    const map = profileToModelLayers(def, model);
    t.is(map.length, def.layers.length);
    map.forEach((idx, l) => {
      const params = idx.reduce((a, i) => a + model.layers[i]!.countParams(), 0);
      t.is(params, def.layers[l]!.params, `${def.layers[l]!.name}`);
    });
    t.deepEqual(map.flat(), model.layers.map((_, i) => i));
    model.dispose();
  });
}

test('cnn: the Flatten without a profile entry joins dense1', (t) => {
  const def = models.get('cnn')();
  const model = def.build();
  const map = profileToModelLayers(def, model);
  // conv1, pool1, conv2, pool2, [flatten, dense1], dense2
  t.deepEqual(map, [[0], [1], [2], [3], [4, 5], [6]]);
  t.is(model.layers[4]!.getClassName(), 'Flatten');
  model.dispose();
});
