"""jobs list index, webhook callback URL, results deletion time

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('extraction_job') as batch_op:
        batch_op.add_column(sa.Column('callback_url', sa.String(length=2048), nullable=True))
        batch_op.add_column(sa.Column('results_deleted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_extraction_job_owner_created', ['owner_id', 'created_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('extraction_job') as batch_op:
        batch_op.drop_index('ix_extraction_job_owner_created')
        batch_op.drop_column('results_deleted_at')
        batch_op.drop_column('callback_url')
