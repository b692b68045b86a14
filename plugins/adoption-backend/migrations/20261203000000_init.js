// @ts-check

/**
 * The frontend's analytics events, one row per event and signed-in user, and
 * when each Component was first seen in the catalog.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('adoption_events', table => {
    table.comment('Analytics events of signed-in users, from the frontend');
    table.bigIncrements('id').primary();
    table.string('user_ref', 255).notNullable().comment('From the credentials');
    table.string('action', 100).notNullable();
    table.string('subject', 500).notNullable();
    table.string('plugin_id', 100).nullable();
    table.string('route_ref', 200).nullable();
    table.string('extension_id', 200).nullable();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table
      .string('day', 10)
      .notNullable()
      .comment('YYYY-MM-DD (UTC) of occurred_at');
    table.index(['day', 'user_ref'], 'adoption_events_day_user_idx');
    table.index(['occurred_at'], 'adoption_events_occurred_at_idx');
  });
  await knex.schema.createTable('adoption_components', table => {
    table.comment('Components of the catalog and when they were first seen');
    table.string('entity_ref', 255).primary();
    table.boolean('golden_path').notNullable();
    table
      .timestamp('first_seen_at', { useTz: true })
      .nullable()
      .comment('Null for the Components of the first snapshot (the baseline)');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('adoption_components');
  await knex.schema.dropTable('adoption_events');
};
