"""contact details: extension, all roles, preference flag, sources, below-threshold contacts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 14:25:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contact') as batch_op:
        batch_op.add_column(sa.Column('phone_ext', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('roles', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('preferred', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('sources', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('below_threshold', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('contact') as batch_op:
        batch_op.drop_column('below_threshold')
        batch_op.drop_column('sources')
        batch_op.drop_column('preferred')
        batch_op.drop_column('roles')
        batch_op.drop_column('phone_ext')
