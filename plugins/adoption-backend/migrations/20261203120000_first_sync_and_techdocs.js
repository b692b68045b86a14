// @ts-check

/**
 * What a template run's completion event said (fixed once the run completed)
 * and when its service first synced, and the hourly TechDocs freshness
 * measurements.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('adoption_template_runs', table => {
    table.comment(
      'Completed scaffolder tasks: their completion time and Component, and the first Argo CD sync of that Component',
    );
    table.string('task_id', 255).primary();
    table.timestamp('completed_at', { useTz: true }).notNullable();
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('The Component the output names (entityRef), null when none');
    table
      .timestamp('first_synced_at', { useTz: true })
      .nullable()
      .comment('argocdFirstDeployedAt of the Component, null until known');
  });
  await knex.schema.createTable('adoption_techdocs_snapshots', table => {
    table.comment('TechDocs freshness of the catalog, measured hourly');
    table.bigIncrements('id').primary();
    table.timestamp('measured_at', { useTz: true }).notNullable();
    table
      .integer('components')
      .notNullable()
      .comment('Components with backstage.io/techdocs-ref');
    table
      .integer('fresh')
      .notNullable()
      .comment('Of those, with a site built within adoption.techDocsFreshness');
    table.index(['measured_at'], 'adoption_techdocs_snapshots_measured_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('adoption_techdocs_snapshots');
  await knex.schema.dropTable('adoption_template_runs');
};
